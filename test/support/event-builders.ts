import { randomUUID } from 'node:crypto';
import {
  EventMetadata,
  InventoryEvent,
  OrderLine,
  OrderPlaced,
  PaymentCaptured,
  PaymentFailed,
} from '@shopstream/events';
import { SHIPPING_ADDRESS } from './shipping-address';

/** Metadata for a test event; `at` defaults to a fixed instant so tests are deterministic. */
export function metadata(
  aggregateId: string,
  aggregateVersion: number,
  at = Date.UTC(2026, 10, 27, 10, 0, 0),
): EventMetadata {
  return {
    eventId: randomUUID(),
    occurredAt: at,
    aggregateId,
    aggregateVersion,
    correlationId: `corr-${aggregateId}`,
    causationId: null,
    producer: 'test',
  };
}

/** Stock received for `sku`, with metadata of its own. */
export const stockReceived = (sku: string, quantity: number): InventoryEvent => ({
  type: 'shopstream.inventory.StockReceived',
  metadata: metadata(sku, 1),
  sku,
  quantity,
});

/** An order placed for `lines` (EUR, from the web, to SHIPPING_ADDRESS), its totals summed from them. */
export function orderPlaced(
  orderId: string,
  lines: OrderLine[],
  options: { customerId?: string; currency?: string; shippingMinor?: number; at?: number } = {},
): OrderPlaced {
  const subtotalMinor = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
  const shippingMinor = options.shippingMinor ?? 495;
  return {
    type: 'shopstream.orders.OrderPlaced',
    metadata: metadata(orderId, 1, options.at),
    orderId,
    customerId: options.customerId ?? 'cus_ada',
    currency: options.currency ?? 'EUR',
    lines,
    totals: { subtotalMinor, shippingMinor, taxMinor: 0, totalMinor: subtotalMinor + shippingMinor },
    shippingAddress: SHIPPING_ADDRESS,
    channel: 'WEB',
  };
}

/** A payment of `amountMinor` EUR captured for an order, as payment `paymentId` (its aggregate). */
export const paymentCaptured = (
  orderId: string,
  paymentId: string,
  amountMinor: number,
  producer = 'test',
): PaymentCaptured => ({
  type: 'shopstream.payments.PaymentCaptured',
  metadata: { ...metadata(paymentId, 1), producer },
  orderId,
  paymentId,
  amountMinor,
  currency: 'EUR',
});

/** A payment of `amountMinor` EUR declined for an order, as payment `paymentId` (its aggregate). */
export const paymentFailed = (orderId: string, paymentId: string, amountMinor: number): PaymentFailed => ({
  type: 'shopstream.payments.PaymentFailed',
  metadata: metadata(paymentId, 1),
  orderId,
  paymentId,
  amountMinor,
  currency: 'EUR',
  failureCode: 'DECLINED',
  message: null,
});
