/** Too many requests already wait for projections to catch up: answer 429 with Retry-After rather than queue. */
export class PositionWaitSaturatedError extends Error {
  readonly code = 'READ_WAIT_SATURATED';
  constructor(readonly limit: number) {
    super(
      `${limit} requests are already waiting for the read models to catch up. Retry after the Retry-After ` +
        'seconds, or read without a position and accept an answer that may be behind.',
    );
    this.name = 'PositionWaitSaturatedError';
  }
}
