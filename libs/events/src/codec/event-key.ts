import { ShopstreamEvent, TOPIC_OF_EVENT } from '../generated';

/**
 * The Kafka key of an event, as the topic catalog declares it: orders, payments and shipments by order id (one
 * order's whole story on one partition of each), inventory by sku, behaviour by session, self-checks by check id.
 */
export function eventKey(event: ShopstreamEvent): string {
  const topic = TOPIC_OF_EVENT[event.type];
  if (topic === 'shopstream.inventory' && 'sku' in event) return event.sku;
  if (topic === 'shopstream.behaviour' && 'sessionId' in event) return event.sessionId;
  if ('orderId' in event) return event.orderId;
  if ('checkId' in event) return event.checkId;
  throw new Error(`No Kafka key rule for ${event.type} on ${topic}`);
}

/** The id an event is known by everywhere (outbox, ledgers, dead letters): its metadata's, or a self-check's own. */
export function eventIdOf(event: ShopstreamEvent): string {
  return 'metadata' in event ? event.metadata.eventId : event.checkId;
}
