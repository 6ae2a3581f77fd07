import { EventMetadata, ShopstreamEvent, TOPIC_OF_EVENT } from '@shopstream/events';
import { ProjectedEvent } from '../definition/projection';

/**
 * Events as a projection receives them, without Kafka: each on its event's topic, partition 0, at consecutive
 * offsets from `firstOffset`, keyed by its aggregate id. The "given" of a given/when/then test of a fold.
 */
export function givenEvents<E extends ShopstreamEvent>(
  events: readonly E[],
  options: { readonly firstOffset?: number; readonly partition?: number } = {},
): ProjectedEvent<E>[] {
  const first = options.firstOffset ?? 0;
  return events.map((event, i) => ({
    event,
    topic: TOPIC_OF_EVENT[event.type],
    partition: options.partition ?? 0,
    offset: String(first + i),
    key: 'metadata' in event ? event.metadata.aggregateId : null,
  }));
}

let eventIds = 0;

/**
 * Metadata for a test event: a fresh event id (unless given), version 1 and a fixed instant unless told, so a test
 * that does not care about time is deterministic.
 */
export function eventMetadata(
  aggregateId: string,
  options: { readonly version?: number; readonly at?: number; readonly eventId?: string } = {},
): EventMetadata {
  return {
    eventId: options.eventId ?? `test-event-${++eventIds}`,
    occurredAt: options.at ?? Date.UTC(2026, 10, 27, 10, 0, 0),
    aggregateId,
    aggregateVersion: options.version ?? 1,
    correlationId: `corr-${aggregateId}`,
    causationId: null,
    producer: 'test',
  };
}
