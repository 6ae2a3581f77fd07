import { KeyedChange } from '../change/describe-change';

/** A change of the log, decoded, at the offset it has in its partition. */
export interface LoggedChange extends KeyedChange {
  readonly offset: bigint;
}

interface Window {
  /** First offset the window answers for: nothing from here to `to` is missing from `changes`. */
  from: bigint;
  /** Next offset the reader will hand on. */
  to: bigint;
  /** The changes of [from, to) that the source shows, oldest first. */
  changes: LoggedChange[];
  /** Index of the oldest change still kept: dropping from the front of an array is done in bulk, not per shift. */
  head: number;
  /**
   * Each key's changes, oldest first: a subset of `changes`, which may still hold some the window dropped (they lie
   * before `from`, where no answer looks), rebuilt from what is kept when `changes` is compacted.
   */
  byKey: Map<string, LoggedChange[]>;
}

/**
 * The feed's recent past, per partition: every change it read off the log, kept for a bounded number of events.
 * A client that reconnects a moment after it dropped (the usual case, and every client of a storm) resumes from
 * here instead of from a read of the log, which costs a consumer-group join of its own.
 */
export class RecentChanges {
  private readonly windows = new Map<number, Window>();

  constructor(private readonly perPartition: number) {}

  /** Where the reader starts on `partition`: the window answers from there on. */
  startAt(partition: number, offset: bigint): void {
    this.windows.set(partition, { from: offset, to: offset, changes: [], head: 0, byKey: new Map() });
  }

  /**
   * Records the reader handed on, in log order: `next` is the offset after the last record, shown or not, so a
   * run of records this source ignores still moves the window on.
   */
  append(partition: number, changes: readonly LoggedChange[], next: bigint): void {
    const window = this.windows.get(partition);
    if (!window || next <= window.to) return;
    window.changes.push(...changes);
    indexByKey(window.byKey, changes);
    window.to = next;
    const kept = window.changes.length - window.head;
    if (kept <= this.perPartition) return;
    window.head += kept - this.perPartition;
    window.from = window.changes[window.head - 1]!.offset + 1n;
    // Compact once the dropped front outweighs what is kept, so the array stays within twice the bound.
    if (window.head > this.perPartition) {
      window.changes = window.changes.slice(window.head);
      window.head = 0;
      window.byKey = new Map();
      indexByKey(window.byKey, window.changes);
    }
  }

  /**
   * The changes of [from, to) on `partition` (only those of `key` when given), or null when the window does not hold
   * all of that range. A storm resumes thousands of single-key channels at once: each looks through its key's
   * changes only, not through every change since its position.
   */
  between(partition: number, from: bigint, to: bigint, key: string | null = null): LoggedChange[] | null {
    if (to <= from) return [];
    const window = this.windows.get(partition);
    if (!window || from < window.from || to > window.to) return null;
    if (key === null) return inRange(window.changes, window.head, from, to);
    const ofKey = window.byKey.get(key);
    return ofKey ? inRange(ofKey, 0, from, to) : [];
  }

  /** How many changes the windows keep, all partitions together, and how many keys they index: their bound. */
  held(): { changes: number; keys: number } {
    let changes = 0;
    let keys = 0;
    for (const window of this.windows.values()) {
      changes += window.changes.length - window.head;
      keys += window.byKey.size;
    }
    return { changes, keys };
  }
}

function indexByKey(byKey: Map<string, LoggedChange[]>, changes: readonly LoggedChange[]): void {
  for (const change of changes) {
    const ofKey = byKey.get(change.key);
    if (ofKey) ofKey.push(change);
    else byKey.set(change.key, [change]);
  }
}

/** The changes of [from, to) in `changes` (in offset order), looked for from index `start`. */
function inRange(changes: readonly LoggedChange[], start: number, from: bigint, to: bigint): LoggedChange[] {
  let low = start;
  let high = changes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (changes[middle]!.offset < from) low = middle + 1;
    else high = middle;
  }
  const found: LoggedChange[] = [];
  for (let i = low; i < changes.length && changes[i]!.offset < to; i++) found.push(changes[i]!);
  return found;
}
