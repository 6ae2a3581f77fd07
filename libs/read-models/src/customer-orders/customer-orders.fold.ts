import { OrdersEvent } from '@shopstream/events';
import { ProjectedEvent, ProjectionInvariantError } from '@shopstream/projections';
import { OrderStatus, STATUS_AFTER } from '../order-summary/order-status';

export interface CustomerOrderRow {
  customerId: string;
  orderId: string;
  placedAt: number;
  status: OrderStatus;
  totalMinor: number;
  currency: string;
}

export interface CustomerOrderStatus {
  customerId: string;
  orderId: string;
  status: OrderStatus;
}

/** What one batch adds to a customer's lifetime figures in one currency: counts and value add up, times widen. */
export interface CustomerLifetimeDelta {
  customerId: string;
  currency: string;
  orderCount: number;
  paidCount: number;
  valueMinor: number;
  firstOrderAt: number | null;
  lastOrderAt: number | null;
}

export interface CustomerOrdersChanges {
  /** Orders placed in this batch, with the status they reached within it. */
  readonly placed: CustomerOrderRow[];
  /** Orders placed in an earlier batch whose status moved. */
  readonly statuses: CustomerOrderStatus[];
  readonly lifetimes: CustomerLifetimeDelta[];
}

/**
 * Folds a batch, given the customer of every order it mentions that an earlier batch placed. Throws before anything
 * is written, so a parked event leaves no half-applied batch behind.
 */
export function foldCustomerOrders(
  batch: readonly ProjectedEvent<OrdersEvent>[],
  customerOfStoredOrder: ReadonlyMap<string, string>,
): CustomerOrdersChanges {
  const customerOf = new Map(customerOfStoredOrder);
  const placed = new Map<string, CustomerOrderRow>();
  const statuses = new Map<string, CustomerOrderStatus>();
  const lifetimes = new Map<string, CustomerLifetimeDelta>();
  const lifetime = (customerId: string, currency: string) => {
    const key = `${customerId}\u0000${currency}`;
    const delta = lifetimes.get(key) ?? {
      customerId,
      currency,
      orderCount: 0,
      paidCount: 0,
      valueMinor: 0,
      firstOrderAt: null,
      lastOrderAt: null,
    };
    lifetimes.set(key, delta);
    return delta;
  };

  for (const { event } of batch) {
    const eventId = event.metadata.eventId;
    if (event.type === 'shopstream.orders.OrderPlaced') {
      // Counting a second placement would inflate order_count for good; an order is placed once.
      if (customerOf.has(event.orderId)) {
        throw new ProjectionInvariantError(`order ${event.orderId} was already placed`, eventId);
      }
      customerOf.set(event.orderId, event.customerId);
    }
    const customerId = customerOf.get(event.orderId);
    if (customerId === undefined) {
      // Only OrderPlaced names the customer, and the orders topic is keyed by order id, so the placement always
      // precedes in the log: a later event without one is a producer bug. No row can be keyed without the customer.
      throw new ProjectionInvariantError(
        `${event.type} for order ${event.orderId}, which was never placed`,
        eventId,
      );
    }
    const status = STATUS_AFTER[event.type];
    const row = placed.get(event.orderId);
    if (row) row.status = status;
    else if (event.type !== 'shopstream.orders.OrderPlaced')
      statuses.set(event.orderId, { customerId, orderId: event.orderId, status });

    const at = event.metadata.occurredAt;
    switch (event.type) {
      case 'shopstream.orders.OrderPlaced': {
        placed.set(event.orderId, {
          customerId,
          orderId: event.orderId,
          placedAt: at,
          status,
          totalMinor: event.totals.totalMinor,
          currency: event.currency,
        });
        const delta = lifetime(customerId, event.currency);
        delta.orderCount += 1;
        delta.firstOrderAt = Math.min(delta.firstOrderAt ?? at, at);
        delta.lastOrderAt = Math.max(delta.lastOrderAt ?? at, at);
        break;
      }
      case 'shopstream.orders.OrderPaid': {
        const delta = lifetime(customerId, event.currency);
        delta.paidCount += 1;
        delta.valueMinor += event.amountMinor;
        break;
      }
      case 'shopstream.orders.OrderRefunded':
        lifetime(customerId, event.currency).valueMinor -= event.amountMinor;
        break;
      case 'shopstream.orders.OrderConfirmed':
      case 'shopstream.orders.OrderRejected':
      case 'shopstream.orders.OrderShipped':
      case 'shopstream.orders.OrderDelivered':
      case 'shopstream.orders.OrderCancelled':
        break;
      default: {
        const unreachable: never = event;
        throw new ProjectionInvariantError(
          `customer_orders does not handle ${(unreachable as { type: string }).type}`,
        );
      }
    }
  }
  return {
    placed: [...placed.values()],
    statuses: [...statuses.values()],
    lifetimes: [...lifetimes.values()],
  };
}
