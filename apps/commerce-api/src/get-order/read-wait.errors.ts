/** Too many requests are already waiting for the read models to catch up (503 with Retry-After). */
export class ReadWaitSaturatedError extends Error {
  readonly code = 'READ_WAIT_SATURATED';
  constructor(readonly limit: number) {
    super(
      `${limit} requests are already waiting for the read models to catch up. Retry after the Retry-After ` +
        'seconds, or read without ?after= and accept a view that may be behind.',
    );
    this.name = 'ReadWaitSaturatedError';
  }
}
