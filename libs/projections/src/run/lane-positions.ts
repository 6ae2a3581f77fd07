/** The key of a partition in a lane's maps. */
export const slotOf = ({ topic, partition }: { readonly topic: string; readonly partition: number }) =>
  `${topic}/${partition}`;

/** The offset after the last of some events: where their partition stands once they are applied. */
export const nextAfter = (events: readonly { readonly offset: string }[]) =>
  BigInt(events.at(-1)!.offset) + 1n;

/**
 * Where a lane stands in each partition it reads: the next offset to apply, queued work included. Filled from the
 * checkpoints once the lane's queue is idle, and forgotten on every rebalance, which also starts a new generation:
 * work begun in an earlier generation stops, since its partition may be another member's now.
 */
export class LanePositions {
  private readonly next = new Map<string, bigint>();
  private current = 0;

  get generation(): number {
    return this.current;
  }

  get(slot: string): bigint | undefined {
    return this.next.get(slot);
  }

  set(slot: string, offset: bigint): void {
    this.next.set(slot, offset);
  }

  /** The partition is applied up to `offset`; a position already further on (queued work) stays. */
  raiseTo(slot: string, offset: bigint): void {
    const known = this.next.get(slot);
    if (known === undefined || known < offset) this.next.set(slot, offset);
  }

  /** Read the partition's checkpoint again before its next batch. */
  forget(slot: string): void {
    this.next.delete(slot);
  }

  /** The partitions changed hands. */
  newGeneration(): void {
    this.current++;
    this.next.clear();
  }
}
