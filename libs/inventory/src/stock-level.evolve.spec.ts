import { apply, stocked, testContext } from './inventory.fixtures';
import { InvalidStockStreamError } from './inventory.errors';
import { receiveStock } from './receive-stock/receive-stock.decider';
import { reserveOrderStock } from './reserve-order-stock/reserve-order-stock.decider';
import { releaseOrderStock } from './release-order-stock/release-order-stock.decider';
import { availableOf, emptyStockLevel } from './stock-level';
import { evolve } from './stock-level.evolve';

describe('evolve (stock level)', () => {
  it('tracks on hand, reserved and who holds what', () => {
    const level = stocked('SKU-A', 10);
    const reserved = apply(
      level,
      reserveOrderStock([level], { orderId: 'o1', lines: [{ sku: 'SKU-A', quantity: 3 }] }, testContext()),
    );
    expect(reserved).toMatchObject({ onHand: 10, reserved: 3, reservations: { o1: 3 }, version: 2 });
    expect(availableOf(reserved)).toBe(7);
    const released = apply(reserved, releaseOrderStock([reserved], { orderId: 'o1' }, testContext()));
    expect(released).toMatchObject({ onHand: 10, reserved: 0, reservations: {}, version: 3 });
  });

  it("refuses another sku's event", () => {
    const [event] = receiveStock(emptyStockLevel('SKU-B'), { sku: 'SKU-B', quantity: 1 }, testContext());
    expect(() => evolve(emptyStockLevel('SKU-A'), event!)).toThrow(InvalidStockStreamError);
  });
});
