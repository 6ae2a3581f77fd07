import { apply, stocked, testContext } from '../inventory.fixtures';
import { reserveOrderStock } from '../reserve-order-stock/reserve-order-stock.decider';
import { availableOf } from '../stock-level';
import { commitOrderStock } from './commit-order-stock.decider';

describe('commitOrderStock', () => {
  it('takes the reserved units out of on hand and reserved, leaving available as it was', () => {
    const a = stocked('SKU-A', 10);
    const reserved = apply(
      a,
      reserveOrderStock([a], { orderId: 'o1', lines: [{ sku: 'SKU-A', quantity: 4 }] }, testContext()),
    );
    const events = commitOrderStock([reserved], { orderId: 'o1' }, testContext());
    expect(events).toMatchObject([
      { type: 'shopstream.inventory.StockCommitted', sku: 'SKU-A', orderId: 'o1', quantity: 4 },
    ]);
    const committed = apply(reserved, events);
    expect(committed).toMatchObject({ onHand: 6, reserved: 0, reservations: {} });
    expect(availableOf(committed)).toBe(availableOf(reserved));
    expect(commitOrderStock([committed], { orderId: 'o1' }, testContext())).toEqual([]);
  });
});
