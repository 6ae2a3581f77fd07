/** Answers, from the dead-letter table, whether a partition has an event parked now. */
export type ParkedLookup = (slot: string) => Promise<boolean>;

/**
 * What a lane knows of which partitions have events parked, to spare a query per batch for the usual partition
 * with none. Only the partition's owner parks, but not only this lane owns it: the previous owner may park while a
 * rebalance overlaps, and a rebuild's swap brings in its shadow's dead letters. So "none parked" holds only until
 * the partition changes hands or its checkpoint moves under the lane, and is forgotten then; and every transaction
 * that relies on it checks it where it commits (CheckpointAdvance.noneParked), which turns a dead letter that
 * arrived meanwhile into a moved checkpoint.
 */
export class ParkedPartitions {
  private readonly known = new Map<string, boolean>();

  /** True only when the lane knows the partition has nothing parked; unknown counts as "may have". */
  isClean(slot: string): boolean {
    return this.known.get(slot) === false;
  }

  /** Whether the partition may have parked events, asking `lookup` only when the lane does not know. */
  async mayHave(slot: string, lookup: ParkedLookup): Promise<boolean> {
    const known = this.known.get(slot);
    if (known !== undefined) return known;
    const parked = await lookup(slot);
    this.known.set(slot, parked);
    return parked;
  }

  /** The lane parked an event of the partition. */
  parked(slot: string): void {
    this.known.set(slot, true);
  }

  /** The partition's checkpoint moved under the lane: whoever moved it may have parked. */
  forget(slot: string): void {
    this.known.delete(slot);
  }

  /** The partitions changed hands. */
  forgetAll(): void {
    this.known.clear();
  }
}
