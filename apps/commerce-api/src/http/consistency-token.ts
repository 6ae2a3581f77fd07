import type { CommandOutcome, EventPosition } from '@shopstream/order-flow';
import type { ServerResponse } from 'node:http';

/** Where a client can wait for a read model to have caught up with its command. */
export interface ConsistencyToken {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** The position of the last event on the aggregate's own topic (or the last event at all); null when none. */
export function consistencyToken(events: readonly EventPosition[], topic: string): ConsistencyToken | null {
  const event = events.filter((e) => e.topic === topic).at(-1) ?? events.at(-1);
  return event ? { topic: event.topic, partition: event.partition, offset: event.offset } : null;
}

/** Tells a retrying client that it got the stored answer of its first request. */
export function markReplayed(response: ServerResponse, outcome: CommandOutcome<unknown>): void {
  if (outcome.replayed) response.setHeader('Idempotent-Replayed', 'true');
}
