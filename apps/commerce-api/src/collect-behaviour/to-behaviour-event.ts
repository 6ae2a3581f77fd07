import { BehaviourEvent, EventMetadata, newEventId } from '@shopstream/events';
import { BehaviourEventRequest } from './collect-behaviour.request';

export const PRODUCER = 'commerce-api';

/**
 * The Avro event for a request. Behaviour events are facts about a session, not an aggregate with invariants: every
 * event is version 1 of its own, since counting per session would need state shared across API instances.
 */
export function toBehaviourEvent(
  request: BehaviourEventRequest,
  correlationId: string,
  now: number,
): BehaviourEvent {
  const { sessionId, customerId, occurredAt } = request;
  const metadata: EventMetadata = {
    eventId: newEventId(),
    occurredAt: occurredAt ?? now,
    aggregateId: sessionId,
    aggregateVersion: 1,
    correlationId,
    causationId: null,
    producer: PRODUCER,
  };
  const base = { metadata, sessionId, customerId: customerId ?? null };
  switch (request.type) {
    case 'ProductViewed':
      return { type: 'shopstream.behaviour.ProductViewed', ...base, sku: request.sku };
    case 'SearchPerformed':
      return {
        type: 'shopstream.behaviour.SearchPerformed',
        ...base,
        query: request.query,
        resultCount: request.resultCount,
      };
    case 'CartItemAdded':
      return {
        type: 'shopstream.behaviour.CartItemAdded',
        ...base,
        sku: request.sku,
        quantity: request.quantity,
        unitPriceMinor: request.unitPriceMinor,
        currency: request.currency,
      };
    case 'CartItemRemoved':
      return {
        type: 'shopstream.behaviour.CartItemRemoved',
        ...base,
        sku: request.sku,
        quantity: request.quantity,
      };
    case 'CheckoutStarted':
      return {
        type: 'shopstream.behaviour.CheckoutStarted',
        ...base,
        itemCount: request.itemCount,
        cartTotalMinor: request.cartTotalMinor,
        currency: request.currency,
      };
    default:
      return assertNever(request);
  }
}

function assertNever(request: never): never {
  throw new Error(`Unhandled behaviour event ${JSON.stringify(request)}`);
}
