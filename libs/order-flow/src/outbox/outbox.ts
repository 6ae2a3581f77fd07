import { EventCodec, eventIdOf, eventKey, ShopstreamEvent } from '@shopstream/events';
import { SqlExecutor } from '@shopstream/database';
import { NewOutboxRow, OutboxHeaders, OutboxStore } from './outbox-store';

export { OUTBOX_CHANNEL, PUBLISHED_CHANNEL } from './outbox-store';

/** The Kafka header that carries an event's correlation id, for consumers that log before they decode. */
export const CORRELATION_ID_HEADER = 'correlation-id';

function headersOf(event: ShopstreamEvent): OutboxHeaders {
  return 'metadata' in event ? { [CORRELATION_ID_HEADER]: event.metadata.correlationId } : {};
}

/**
 * Stores events in the outbox inside the caller's transaction: they are published if and only if the transaction
 * commits. Encoding happens here, so an invalid event or an unreachable registry fails the command, not the relay.
 */
export async function enqueueEvents(
  sql: SqlExecutor,
  codec: EventCodec<ShopstreamEvent>,
  events: readonly ShopstreamEvent[],
): Promise<string[]> {
  if (events.length === 0) return [];
  return new OutboxStore(sql).append(await encodeEvents(codec, events));
}

/** Events as outbox rows: encoded (this is where an invalid event or an unreachable registry fails), keyed, routed. */
export async function encodeEvents(
  codec: EventCodec<ShopstreamEvent>,
  events: readonly ShopstreamEvent[],
): Promise<NewOutboxRow[]> {
  const values = await Promise.all(events.map((e) => codec.encode(e)));
  return events.map((e, i) => ({
    eventId: eventIdOf(e),
    eventType: e.type,
    topic: codec.topicOf(e),
    key: eventKey(e),
    value: values[i]!,
    headers: headersOf(e),
  }));
}
