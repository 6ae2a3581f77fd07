import { ShopstreamEvent } from '@shopstream/events';

/** What one stock event did, as a stock delta reports it. */
export type StockChange =
  | { readonly kind: 'received' | 'reserved' | 'released' | 'committed'; readonly quantity: number }
  | { readonly kind: 'adjusted'; readonly quantity: number; readonly reason: string }
  | { readonly kind: 'threshold-set'; readonly threshold: number };

/** What one orders event did, as an order delta reports it. */
export interface OrderChange {
  readonly kind: 'order-status';
  readonly event: string;
  readonly occurredAt: string;
}

export type Change = StockChange | OrderChange;

/** An event a channel pushes: the key it is about and what it changed. */
export interface KeyedChange {
  readonly key: string;
  readonly change: Change;
}

/**
 * The change an event makes to what a channel shows, or null for an event no channel shows (a reservation that
 * failed changes no stock; an alert is not a level). Written as a switch over every event type so a new inventory
 * or orders event breaks the build here until someone decides what it pushes.
 */
export function describeChange(event: ShopstreamEvent): KeyedChange | null {
  switch (event.type) {
    case 'shopstream.inventory.StockReceived':
      return { key: event.sku, change: { kind: 'received', quantity: event.quantity } };
    case 'shopstream.inventory.StockAdjusted':
      return { key: event.sku, change: { kind: 'adjusted', quantity: event.delta, reason: event.reason } };
    case 'shopstream.inventory.StockReserved':
      return { key: event.sku, change: { kind: 'reserved', quantity: event.quantity } };
    case 'shopstream.inventory.StockReleased':
      return { key: event.sku, change: { kind: 'released', quantity: event.quantity } };
    case 'shopstream.inventory.StockCommitted':
      return { key: event.sku, change: { kind: 'committed', quantity: event.quantity } };
    case 'shopstream.inventory.LowStockThresholdSet':
      return { key: event.sku, change: { kind: 'threshold-set', threshold: event.threshold } };
    case 'shopstream.inventory.StockReservationFailed':
    case 'shopstream.inventory.LowStockDetected':
    case 'shopstream.inventory.StockReplenished':
      return null;
    case 'shopstream.orders.OrderPlaced':
    case 'shopstream.orders.OrderConfirmed':
    case 'shopstream.orders.OrderRejected':
    case 'shopstream.orders.OrderPaid':
    case 'shopstream.orders.OrderShipped':
    case 'shopstream.orders.OrderDelivered':
    case 'shopstream.orders.OrderCancelled':
    case 'shopstream.orders.OrderRefunded':
      return {
        key: event.orderId,
        change: {
          kind: 'order-status',
          event: event.type.slice('shopstream.orders.'.length),
          occurredAt: new Date(event.metadata.occurredAt).toISOString(),
        },
      };
    default:
      return null;
  }
}
