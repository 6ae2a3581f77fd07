export interface BatchedDeletion {
  readonly deleted: number;
  readonly batches: number;
  /** False when it stopped because it was asked to, with rows possibly left for the next sweep. */
  readonly finished: boolean;
}

/**
 * Runs `deleteBatch` until a batch deletes fewer than `batchSize` rows. Each batch is its own short transaction, so
 * no lock or snapshot is held across the whole deletion, and `stopped` is asked between batches so a shutdown
 * waits for one batch at most.
 */
export async function deleteInBatches(
  deleteBatch: (limit: number) => Promise<number>,
  options: { readonly batchSize: number; readonly stopped: () => boolean },
): Promise<BatchedDeletion> {
  let deleted = 0;
  let batches = 0;
  for (;;) {
    if (options.stopped()) return { deleted, batches, finished: false };
    const n = await deleteBatch(options.batchSize);
    deleted += n;
    batches++;
    if (n < options.batchSize) return { deleted, batches, finished: true };
  }
}
