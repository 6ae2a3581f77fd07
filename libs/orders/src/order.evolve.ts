import type { OrdersEvent } from '@shopstream/events';
import { assertNever } from './assert-never';
import type { OrderState } from './order.state';
import { InvalidOrderStreamError } from './orders.errors';

/**
 * Folds one orders-topic event into the state. Events are facts: evolve applies them without re-checking the
 * transition table (decide did that before they were written), so a history always replays.
 */
export function evolve(state: OrderState | null, event: OrdersEvent): OrderState {
  if (event.type === 'shopstream.orders.OrderPlaced') {
    if (state !== null) {
      throw new InvalidOrderStreamError(
        event.metadata.aggregateId,
        event.type,
        'follows an earlier OrderPlaced',
      );
    }
    return {
      orderId: event.orderId,
      customerId: event.customerId,
      status: 'PENDING',
      currency: event.currency,
      channel: event.channel,
      lines: event.lines,
      totals: event.totals,
      shippingAddress: event.shippingAddress,
      paidMinor: 0,
      refundedMinor: 0,
      refundDue: false,
      paymentId: null,
      shipmentId: null,
      carrier: null,
      trackingNumber: null,
      cancellation: null,
      rejection: null,
      placedAt: event.metadata.occurredAt,
      updatedAt: event.metadata.occurredAt,
      version: event.metadata.aggregateVersion,
    };
  }
  if (state === null) {
    throw new InvalidOrderStreamError(event.metadata.aggregateId, event.type, 'comes before OrderPlaced');
  }
  const base = { updatedAt: event.metadata.occurredAt, version: event.metadata.aggregateVersion };
  switch (event.type) {
    case 'shopstream.orders.OrderConfirmed':
      return { ...state, ...base, status: 'CONFIRMED' };
    case 'shopstream.orders.OrderRejected':
      return {
        ...state,
        ...base,
        status: 'REJECTED',
        rejection: { reason: event.reason, detail: event.detail },
      };
    case 'shopstream.orders.OrderPaid':
      return { ...state, ...base, status: 'PAID', paidMinor: event.amountMinor, paymentId: event.paymentId };
    case 'shopstream.orders.OrderCancelled':
      return {
        ...state,
        ...base,
        status: 'CANCELLED',
        refundDue: event.refundDue,
        cancellation: { reason: event.reason, by: event.cancelledBy },
      };
    case 'shopstream.orders.OrderShipped':
      return {
        ...state,
        ...base,
        status: 'SHIPPED',
        shipmentId: event.shipmentId,
        carrier: event.carrier,
        trackingNumber: event.trackingNumber,
      };
    case 'shopstream.orders.OrderDelivered':
      return { ...state, ...base, status: 'DELIVERED' };
    case 'shopstream.orders.OrderRefunded': {
      // Partial refunds (a returned line) keep the status; the order is REFUNDED once all that was paid is back.
      const refundedMinor = state.refundedMinor + event.amountMinor;
      const fullyRefunded = refundedMinor >= state.paidMinor;
      return {
        ...state,
        ...base,
        refundedMinor,
        status: fullyRefunded ? 'REFUNDED' : state.status,
        refundDue: state.refundDue && !fullyRefunded,
      };
    }
    default:
      return assertNever(event);
  }
}

/** Folds a whole history; null for an empty one. */
export function evolveAll(events: readonly OrdersEvent[], from: OrderState | null = null): OrderState | null {
  return events.reduce<OrderState | null>((state, event) => evolve(state, event), from);
}
