import { OrderLine, OrderPaid, OrderPlaced, OrderRefunded, OrdersEvent } from '@shopstream/events';
import { metadata, orderPlaced } from './event-builders';

/*
 * The order history both sales read models are tested with: what they sum differs (days, product hours), the
 * facts they sum are the same.
 */
export const DAY1 = Date.UTC(2026, 10, 27);
export const DAY2 = Date.UTC(2026, 10, 28);
export const hm = (day: number, hour: number, minute: number) => day + hour * 3_600_000 + minute * 60_000;
export const line = (sku: string, quantity: number, unitPriceMinor: number): OrderLine => ({
  sku,
  quantity,
  unitPriceMinor,
});

export const placed = (orderId: string, currency: string, lines: OrderLine[], at: number): OrderPlaced =>
  orderPlaced(orderId, lines, { customerId: 'c1', currency, shippingMinor: 500, at });
export const paid = (orderId: string, amountMinor: number, currency: string, at: number): OrderPaid => ({
  type: 'shopstream.orders.OrderPaid',
  metadata: metadata(orderId, 2, at),
  orderId,
  amountMinor,
  currency,
  paymentId: `pay-${orderId}`,
});
export const refunded = (
  orderId: string,
  amountMinor: number,
  currency: string,
  at: number,
): OrderRefunded => ({
  type: 'shopstream.orders.OrderRefunded',
  metadata: metadata(orderId, 3, at),
  orderId,
  amountMinor,
  currency,
  reason: null,
});

/** Two EUR orders paid in different hours, one USD order, a partial and a full refund the next day, one unpaid order. */
export const history = (): OrdersEvent[] => [
  placed('o1', 'EUR', [line('A', 2, 1000), line('B', 1, 500)], hm(DAY1, 10, 5)),
  paid('o1', 3000, 'EUR', hm(DAY1, 10, 10)),
  placed('o2', 'EUR', [line('A', 1, 1000)], hm(DAY1, 10, 20)),
  placed('o3', 'USD', [line('C', 3, 200)], hm(DAY1, 11, 0)),
  paid('o2', 1500, 'EUR', hm(DAY1, 11, 15)),
  paid('o3', 1100, 'USD', hm(DAY1, 11, 30)),
  placed('o4', 'EUR', [line('A', 9, 1000)], hm(DAY1, 12, 0)),
  refunded('o1', 900, 'EUR', hm(DAY2, 9, 0)),
  refunded('o2', 1500, 'EUR', hm(DAY2, 9, 30)),
];
