import { apply, stocked, testContext, types } from '../inventory.fixtures';
import { reserveOrderStock } from '../reserve-order-stock/reserve-order-stock.decider';
import { releaseOrderStock } from './release-order-stock.decider';

const reservedFor = (orderId: string) => {
  const a = stocked('SKU-A', 5, 4);
  const b = stocked('SKU-B', 5);
  const events = reserveOrderStock(
    [a, b],
    {
      orderId,
      lines: [
        { sku: 'SKU-A', quantity: 2 },
        { sku: 'SKU-B', quantity: 3 },
      ],
    },
    testContext(),
  );
  return [apply(a, events), apply(b, events)] as const;
};

describe('releaseOrderStock', () => {
  it('gives back exactly what the order holds on each sku, then closes the alert it had opened', () => {
    const levels = reservedFor('o1');
    const events = releaseOrderStock(levels, { orderId: 'o1' }, testContext());
    expect(events).toMatchObject([
      { type: 'shopstream.inventory.StockReleased', sku: 'SKU-A', orderId: 'o1', quantity: 2 },
      { type: 'shopstream.inventory.StockReleased', sku: 'SKU-B', orderId: 'o1', quantity: 3 },
      { type: 'shopstream.inventory.StockReplenished', sku: 'SKU-A', available: 5, threshold: 4 },
    ]);
    expect(levels.map((level) => apply(level, events).reserved)).toEqual([0, 0]);
  });

  it('releases nothing for an order that holds nothing (rejected, or released already)', () => {
    const levels = reservedFor('o1');
    expect(releaseOrderStock(levels, { orderId: 'o2' }, testContext())).toEqual([]);
    const released = levels.map((level) =>
      apply(level, releaseOrderStock(levels, { orderId: 'o1' }, testContext())),
    );
    expect(types(releaseOrderStock(released, { orderId: 'o1' }, testContext()))).toEqual([]);
  });
});
