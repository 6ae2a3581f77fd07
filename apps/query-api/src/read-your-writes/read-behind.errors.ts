import { PositionShortfall } from '@shopstream/projections';

/**
 * The read models this query reads have not applied the client's position within the wait it allowed (or it asked
 * not to wait): answered 412 with how far behind each is, never a stale 200.
 */
export class ReadModelBehindError extends Error {
  readonly code = 'READ_MODEL_BEHIND';
  constructor(
    readonly behind: readonly PositionShortfall[],
    readonly waitedMs: number,
  ) {
    const events = behind.reduce((sum, b) => sum + b.eventsBehind, 0n);
    super(
      `The read models have not yet applied the position you asked for (${events} event(s) to go after waiting ` +
        `${waitedMs} ms). Retry after the Retry-After seconds, allow a longer ?waitMs=, or read without a position.`,
    );
    this.name = 'ReadModelBehindError';
  }
}
