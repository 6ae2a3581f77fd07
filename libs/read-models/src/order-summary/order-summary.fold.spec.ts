import { OrdersEvent } from '@shopstream/events';
import { eventMetadata, givenEvents } from '@shopstream/projections/testing';
import { foldOrderSummaries } from './order-summary.fold';

const meta = (version: number, at: number) => eventMetadata('o-1', { version, at });

const placed: OrdersEvent = {
  type: 'shopstream.orders.OrderPlaced',
  metadata: meta(1, 100),
  orderId: 'o-1',
  customerId: 'c-1',
  currency: 'EUR',
  lines: [
    { sku: 'A', quantity: 2, unitPriceMinor: 1_000 },
    { sku: 'B', quantity: 1, unitPriceMinor: 500 },
  ],
  totals: { subtotalMinor: 2_500, shippingMinor: 400, taxMinor: 0, totalMinor: 2_900 },
  shippingAddress: {
    name: 'Ada',
    line1: '1 Main St',
    line2: null,
    city: 'Lyon',
    postalCode: '69001',
    country: 'FR',
  },
  channel: 'WEB',
};

describe('order summary fold', () => {
  it('given an order placed and paid, shows its totals, counts and the status after the last event', () => {
    const paid: OrdersEvent = {
      type: 'shopstream.orders.OrderPaid',
      metadata: meta(2, 200),
      orderId: 'o-1',
      amountMinor: 2_900,
      currency: 'EUR',
      paymentId: 'p-1',
    };
    const [change] = foldOrderSummaries(givenEvents([placed, paid]));
    expect(change).toMatchObject({
      orderId: 'o-1',
      customerId: 'c-1',
      status: 'PAID',
      totalMinor: 2_900,
      lineCount: 2,
      itemCount: 3,
      placedAt: 100,
      paidAt: 200,
      version: 2,
      updatedAt: 200,
    });
  });

  it('adds refunds up and leaves what the batch does not know as null', () => {
    const refund = (version: number, amountMinor: number): OrdersEvent => ({
      type: 'shopstream.orders.OrderRefunded',
      metadata: meta(version, 300 + version),
      orderId: 'o-1',
      amountMinor,
      currency: 'EUR',
      reason: null,
    });
    const [change] = foldOrderSummaries(givenEvents([refund(5, 400), refund(6, 100)]));
    expect(change).toMatchObject({
      status: 'REFUNDED',
      refundedMinor: 500,
      totalMinor: null,
      placedAt: null,
      version: 6,
    });
  });
});
