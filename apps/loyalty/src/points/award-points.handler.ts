import type { Delivery, OrdersEvent } from '@shopstream/subscriber';
import type { PoolClient } from 'pg';
import { pointsForPayment, pointsForRefund } from './points-rules';
import { PointsEntry, PointsStore } from './points.store';

/**
 * Applies a batch of orders events in one transaction (the exactly-once helper's): orders first, so a payment in the
 * same batch as its order finds the customer, then one ledger row per payment and refund.
 */
export function awardPoints(store: PointsStore) {
  return async (deliveries: readonly Delivery<OrdersEvent>[], tx: PoolClient): Promise<void> => {
    const orders: { orderId: string; customerId: string }[] = [];
    const entries: PointsEntry[] = [];
    for (const { event } of deliveries) {
      switch (event.type) {
        case 'shopstream.orders.OrderPlaced':
          orders.push({ orderId: event.orderId, customerId: event.customerId });
          break;
        case 'shopstream.orders.OrderPaid':
          entries.push(entry(event, pointsForPayment(event.amountMinor)));
          break;
        case 'shopstream.orders.OrderRefunded':
          entries.push(entry(event, pointsForRefund(event.amountMinor)));
          break;
        default:
          break;
      }
    }
    await store.rememberOrders(tx, orders);
    await store.addEntries(tx, entries);
  };
}

function entry(event: Extract<OrdersEvent, { amountMinor: number }>, points: number): PointsEntry {
  return {
    eventId: event.metadata.eventId,
    orderId: event.orderId,
    points,
    occurredAt: event.metadata.occurredAt,
  };
}
