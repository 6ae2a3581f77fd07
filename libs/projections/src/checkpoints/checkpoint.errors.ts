/**
 * A checkpoint no longer where the batch started (a rebuild swapped in, a reset, another instance applied the
 * partition first): the batch's transaction must roll back, and the runner resume from `checkpoint`.
 */
export class CheckpointMovedError extends Error {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly checkpoint: bigint,
  ) {
    super(`checkpoint of ${topic}/${partition} moved to ${checkpoint}`);
    this.name = 'CheckpointMovedError';
  }
}
