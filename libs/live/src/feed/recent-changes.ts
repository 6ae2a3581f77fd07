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
    this.windows.set(partition, { from: offset, to: offset, changes: [], head: 0 });
  }

  /**
   * Records the reader handed on, in log order: `next` is the offset after the last record, shown or not, so a
   * run of records this source ignores still moves the window on.
   */
  append(partition: number, changes: readonly LoggedChange[], next: bigint): void {
    const window = this.windows.get(partition);
    if (!window || next <= window.to) return;
    window.changes.push(...changes);
    window.to = next;
    const kept = window.changes.length - window.head;
    if (kept <= this.perPartition) return;
    window.head += kept - this.perPartition;
    window.from = window.changes[window.head - 1]!.offset + 1n;
    // Compact once the dropped front outweighs what is kept, so the array stays within twice the bound.
    if (window.head > this.perPartition) {
      window.changes = window.changes.slice(window.head);
      window.head = 0;
    }
  }

  /** The changes of [from, to) on `partition`, or null when the window does not hold all of that range. */
  between(partition: number, from: bigint, to: bigint): LoggedChange[] | null {
    if (to <= from) return [];
    const window = this.windows.get(partition);
    if (!window || from < window.from || to > window.to) return null;
    const { changes } = window;
    let low = window.head;
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
}
