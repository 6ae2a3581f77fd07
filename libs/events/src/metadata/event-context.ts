import type { EventMetadata } from '../generated';

/**
 * What a decider needs from the outside world. Ids and the clock come in as arguments, never made up inside,
 * so a decision is a pure function that a test (or a replay) repeats exactly.
 */
export interface EventContext {
  /** Epoch milliseconds UTC stamped on every emitted event. */
  readonly now: number;
  /** Called once per emitted event. */
  readonly newEventId: () => string;
  readonly correlationId: string;
  /** Event id of the event being handled; null when a command from a user caused the decision. */
  readonly causationId: string | null;
  readonly producer: string;
}

/** Metadata for the successive events of one aggregate: versions continue from `currentVersion`, one per event. */
export function metadataSequence(
  ctx: EventContext,
  aggregateId: string,
  currentVersion: number,
): () => EventMetadata {
  let version = currentVersion;
  return () => {
    version += 1;
    return {
      eventId: ctx.newEventId(),
      occurredAt: ctx.now,
      aggregateId,
      aggregateVersion: version,
      correlationId: ctx.correlationId,
      causationId: ctx.causationId,
      producer: ctx.producer,
    };
  };
}
