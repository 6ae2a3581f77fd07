import { OrderPlaced } from '@shopstream/events';
import { eventMetadata, givenEvents } from '@shopstream/projections/testing';
import { foldOrderLines } from './order-lines.fold';

const placed = (orderId: string, skus: string[]): OrderPlaced => ({
  type: 'shopstream.orders.OrderPlaced',
  metadata: eventMetadata(orderId),
  orderId,
  customerId: 'c-1',
  currency: 'EUR',
  lines: skus.map((sku) => ({ sku, quantity: 1, unitPriceMinor: 100 })),
  totals: { subtotalMinor: 100, shippingMinor: 0, taxMinor: 0, totalMinor: 100 },
  shippingAddress: {
    name: 'Ada',
    line1: '1 Main St',
    line2: null,
    city: 'Lyon',
    postalCode: '69001',
    country: 'FR',
  },
  channel: 'WEB',
});

describe('order lines fold', () => {
  it('given orders placed, writes the lines of each', () => {
    const placements = foldOrderLines(givenEvents([placed('o-1', ['A', 'B']), placed('o-2', ['C'])]));
    expect(placements.map((p) => [p.orderId, p.lines.map((l) => l.sku)])).toEqual([
      ['o-1', ['A', 'B']],
      ['o-2', ['C']],
    ]);
  });

  it('takes the lines of the latest placement of an order placed twice in a batch', () => {
    const placements = foldOrderLines(givenEvents([placed('o-1', ['A', 'B']), placed('o-1', ['C'])]));
    expect(placements.map((p) => [p.orderId, p.lines.map((l) => l.sku)])).toEqual([['o-1', ['C']]]);
  });
});
