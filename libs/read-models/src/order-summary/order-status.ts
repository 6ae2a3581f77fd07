import { OrdersEvent } from '@shopstream/events';

export type OrderStatus =
  'PLACED' | 'CONFIRMED' | 'REJECTED' | 'PAID' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED' | 'REFUNDED';

/** The status an order is in right after each orders event; a Record so a new orders event breaks the build here. */
export const STATUS_AFTER: Readonly<Record<OrdersEvent['type'], OrderStatus>> = {
  'shopstream.orders.OrderPlaced': 'PLACED',
  'shopstream.orders.OrderConfirmed': 'CONFIRMED',
  'shopstream.orders.OrderRejected': 'REJECTED',
  'shopstream.orders.OrderPaid': 'PAID',
  'shopstream.orders.OrderShipped': 'SHIPPED',
  'shopstream.orders.OrderDelivered': 'DELIVERED',
  'shopstream.orders.OrderCancelled': 'CANCELLED',
  'shopstream.orders.OrderRefunded': 'REFUNDED',
};
