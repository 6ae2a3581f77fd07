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

/** What one inventory event did to a sku's low-stock alert. */
export type AlertChange =
  | { readonly kind: 'opened'; readonly threshold: number; readonly available: number }
  | { readonly kind: 'cleared'; readonly threshold: number; readonly available: number };

export type Change = StockChange | OrderChange | AlertChange;

/** An event a channel pushes: the key it is about and what it changed. */
export interface KeyedChange {
  readonly key: string;
  readonly change: Change;
}

/**
 * The change an event makes to a stock level, or null for an event that changes none (a reservation that failed,
 * an alert). Written as a switch over every event type so a new inventory event breaks the build here until
 * someone decides what it pushes; events of other topics never reach a stock feed.
 */
export function describeStockChange(event: ShopstreamEvent): KeyedChange | null {
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
    default:
      return null;
  }
}

/** The change an orders event makes to an order's status; null for events of other topics. */
export function describeOrderChange(event: ShopstreamEvent): KeyedChange | null {
  switch (event.type) {
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

/** A low-stock alert opened or cleared; null for every other event. */
export function describeAlertChange(event: ShopstreamEvent): KeyedChange | null {
  switch (event.type) {
    case 'shopstream.inventory.LowStockDetected':
      return {
        key: event.sku,
        change: { kind: 'opened', threshold: event.threshold, available: event.available },
      };
    case 'shopstream.inventory.StockReplenished':
      return {
        key: event.sku,
        change: { kind: 'cleared', threshold: event.threshold, available: event.available },
      };
    default:
      return null;
  }
}
