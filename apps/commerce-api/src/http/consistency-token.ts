import type { CommandOutcome, EventPosition } from '@shopstream/order-flow';
import { encodeConsistencyToken } from '@shopstream/queries';
import type { ServerResponse } from 'node:http';

/** Where a client can wait for a read model to have caught up with its command. */
export interface ConsistencyToken {
  /**
   * Every event the command produced, on any topic, as one opaque URL-safe string: pass it as X-Min-Position (or
   * ?after=) to the query API, or as ?after= to GET /orders/:id here.
   */
  readonly position: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * The command's events as one token, with the position of the last event on the aggregate's own topic (or the last
 * event at all) beside it for clients of the older form; null when the command produced nothing.
 */
export function consistencyToken(events: readonly EventPosition[], topic: string): ConsistencyToken | null {
  const event = events.filter((e) => e.topic === topic).at(-1) ?? events.at(-1);
  if (!event) return null;
  const position = encodeConsistencyToken(
    events.map((e) => ({ topic: e.topic, partition: e.partition, offset: BigInt(e.offset) })),
  );
  return { position, topic: event.topic, partition: event.partition, offset: event.offset };
}

/** Tells a retrying client that it got the stored answer of its first request. */
export function markReplayed(response: ServerResponse, outcome: CommandOutcome<unknown>): void {
  if (outcome.replayed) response.setHeader('Idempotent-Replayed', 'true');
}
