import { ProjectionInvariantError } from '@shopstream/projections';
import { eventMetadata, givenEvents } from '@shopstream/projections/testing';
import { foldSales, SalesEvent, SalesOrder } from './sales-facts.fold';

const at = Date.UTC(2026, 10, 27, 10);

const placed: SalesEvent = {
  type: 'shopstream.orders.OrderPlaced',
  metadata: eventMetadata('o-1', { at }),
  orderId: 'o-1',
  customerId: 'c-1',
  currency: 'EUR',
  lines: [
    { sku: 'A', quantity: 2, unitPriceMinor: 1_000 },
    { sku: 'B', quantity: 1, unitPriceMinor: 1_000 },
  ],
  totals: { subtotalMinor: 3_000, shippingMinor: 0, taxMinor: 0, totalMinor: 3_000 },
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

const paid = (amountMinor: number, eventId = 'paid'): SalesEvent => ({
  type: 'shopstream.orders.OrderPaid',
  metadata: eventMetadata('o-1', { at: at + 60_000, eventId }),
  orderId: 'o-1',
  amountMinor,
  currency: 'EUR',
  paymentId: 'p-1',
});

const refunded = (amountMinor: number, eventId = `refund-${amountMinor}`): SalesEvent => ({
  type: 'shopstream.orders.OrderRefunded',
  metadata: eventMetadata('o-1', { at: at + 120_000, eventId }),
  orderId: 'o-1',
  amountMinor,
  currency: 'EUR',
  reason: null,
});

const stored = (paidMinor: number | null): SalesOrder => ({
  orderId: 'o-1',
  currency: 'EUR',
  lines: [
    { sku: 'A', quantity: 2, unitPriceMinor: 1_000 },
    { sku: 'B', quantity: 1, unitPriceMinor: 1_000 },
  ],
  paidMinor,
  refundedMinor: 0,
});

describe('sales facts fold', () => {
  it('given an order placed and paid in one batch, stores its lines and sells each line', () => {
    const fold = foldSales(givenEvents([placed, paid(3_000)]), []);
    expect(fold.placed.map((o) => o.orderId)).toEqual(['o-1']);
    expect(fold.changed).toEqual([expect.objectContaining({ orderId: 'o-1', paidMinor: 3_000 })]);
    expect(fold.facts).toEqual([
      {
        kind: 'PAID',
        orderId: 'o-1',
        at: at + 60_000,
        currency: 'EUR',
        amountMinor: 3_000,
        lines: [
          { sku: 'A', units: 2, revenueMinor: 2_000, refundedMinor: 0 },
          { sku: 'B', units: 1, revenueMinor: 1_000, refundedMinor: 0 },
        ],
      },
    ]);
  });

  it('gives units back only with the refund that completes the order', () => {
    const partial = foldSales(givenEvents([refunded(1_500)]), [stored(3_000)]);
    expect(partial.facts[0]?.lines.map((l) => l.units)).toEqual([0, 0]);
    const full = foldSales(givenEvents([refunded(3_000)]), [stored(3_000)]);
    expect(full.facts[0]?.lines.map((l) => [l.units, l.refundedMinor])).toEqual([
      [-2, 2_000],
      [-1, 1_000],
    ]);
  });

  it('refuses a payment of an order it has not seen placed, naming that payment', () => {
    expect(() => foldSales(givenEvents([paid(3_000, 'early-payment')]), [])).toThrow(
      expect.objectContaining({ eventId: 'early-payment' }) as ProjectionInvariantError,
    );
  });

  it('refuses refunds beyond what was paid', () => {
    expect(() => foldSales(givenEvents([refunded(3_001, 'too-much')]), [stored(3_000)])).toThrow(
      /exceed the 3000 paid/,
    );
  });
});
