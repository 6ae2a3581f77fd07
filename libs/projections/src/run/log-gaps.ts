/** What a lane does with a partition that Kafka hands it starting above its checkpoint. */
export type GapVerdict =
  | { readonly kind: 'seek' }
  | { readonly kind: 'start' }
  | { readonly kind: 'gap'; readonly missing: bigint; readonly firstReport: boolean };

/**
 * Tells a committed offset ahead of the checkpoint (seek back once) from a log that no longer holds the checkpoint:
 * after seeking back to it, the partition still starts above it, since retention deleted those events or the topic
 * was recreated. A partition never applied takes the start the log still holds; any other gap is reported, never
 * skipped, since what is missing may be an order's payment.
 */
export class LogGaps {
  private readonly soughtTo = new Map<string, bigint>();
  private readonly reported = new Set<string>();

  check(slot: string, checkpoint: bigint, firstOffset: bigint): GapVerdict {
    if (this.soughtTo.get(slot) !== checkpoint) {
      this.soughtTo.set(slot, checkpoint);
      return { kind: 'seek' };
    }
    if (checkpoint === 0n) return { kind: 'start' };
    const firstReport = !this.reported.has(slot);
    this.reported.add(slot);
    return { kind: 'gap', missing: firstOffset - checkpoint, firstReport };
  }

  /** The partition was read from its checkpoint: whatever gap it had is closed. */
  closed(slot: string): boolean {
    this.soughtTo.delete(slot);
    return this.reported.delete(slot);
  }
}
