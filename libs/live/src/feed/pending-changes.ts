import { LoggedChange } from './recent-changes';

/** A change read off the log and not yet pushed, with when it was read. */
export interface PendingChange {
  readonly partition: number;
  readonly change: LoggedChange;
  readonly readAt: number;
}

/**
 * Changes the feed read ahead of the projection's commit, per partition in log order. The reader hands them over
 * and fetches on; they leave, in order, once a checkpoint of the projection covers them. Holding them here rather
 * than holding the reader keeps one partition's wait for a commit from delaying what every other partition has
 * committed meanwhile.
 */
export class PendingChanges {
  private readonly queues = new Map<number, PendingChange[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(partition: number, changes: readonly LoggedChange[], readAt: number): void {
    if (changes.length === 0) return;
    let queue = this.queues.get(partition);
    if (!queue) this.queues.set(partition, (queue = []));
    for (const change of changes) queue.push({ partition, change, readAt });
    this.count += changes.length;
  }

  /** Whether `offsets` (the projection's next offset per partition) covers the first pending change anywhere. */
  anyCommitted(offsets: readonly bigint[]): boolean {
    for (const [partition, queue] of this.queues)
      if (queue.length > 0 && queue[0]!.change.offset < (offsets[partition] ?? 0n)) return true;
    return false;
  }

  /** Removes and returns every change `offsets` covers, each partition's in log order. */
  takeCommitted(offsets: readonly bigint[]): PendingChange[] {
    const taken: PendingChange[] = [];
    for (const [partition, queue] of this.queues) {
      const next = offsets[partition] ?? 0n;
      let n = 0;
      while (n < queue.length && queue[n]!.change.offset < next) n++;
      if (n === 0) continue;
      taken.push(...queue.splice(0, n));
    }
    this.count -= taken.length;
    return taken;
  }

  clear(): void {
    this.queues.clear();
    this.count = 0;
  }
}
