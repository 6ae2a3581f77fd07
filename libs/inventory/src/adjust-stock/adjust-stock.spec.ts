import { apply, stocked, testContext, types } from '../inventory.fixtures';
import { InvalidStockCommandError, StockInvariantError } from '../inventory.errors';
import { reserveOrderStock } from '../reserve-order-stock/reserve-order-stock.decider';
import { setLowStockThreshold } from '../set-threshold/set-threshold.decider';
import { adjustStock } from './adjust-stock.decider';

const withReservation = () => {
  const level = stocked('SKU-A', 10);
  return apply(
    level,
    reserveOrderStock([level], { orderId: 'o1', lines: [{ sku: 'SKU-A', quantity: 4 }] }, testContext()),
  );
};

describe('adjustStock', () => {
  it('corrects on hand down to what is reserved', () => {
    const level = withReservation();
    const events = adjustStock(
      level,
      { sku: 'SKU-A', delta: -6, reason: 'DAMAGED', note: 'water' },
      testContext(),
    );
    expect(events).toMatchObject([
      { type: 'shopstream.inventory.StockAdjusted', delta: -6, reason: 'DAMAGED', note: 'water' },
    ]);
    expect(apply(level, events)).toMatchObject({ onHand: 4, reserved: 4 });
  });

  it('refuses a loss that would eat into reserved units', () => {
    const attempt = () =>
      adjustStock(withReservation(), { sku: 'SKU-A', delta: -7, reason: 'LOST', note: null }, testContext());
    expect(attempt).toThrow(StockInvariantError);
    expect(attempt).toThrow('the lowest allowed delta is -6');
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ code: 'STOCK_ADJUSTMENT_BELOW_RESERVED', sku: 'SKU-A' });
    }
  });

  it('refuses a zero delta', () => {
    expect(() =>
      adjustStock(withReservation(), { sku: 'SKU-A', delta: 0, reason: 'OTHER', note: null }, testContext()),
    ).toThrow(InvalidStockCommandError);
  });

  it('closes a low-stock alert when a count finds units', () => {
    const one = stocked('SKU-A', 1);
    const low = apply(one, setLowStockThreshold(one, { sku: 'SKU-A', threshold: 5 }, testContext()));
    expect(low.lowStockOpen).toBe(true);
    expect(
      types(adjustStock(low, { sku: 'SKU-A', delta: 4, reason: 'FOUND', note: null }, testContext())),
    ).toEqual(['StockAdjusted', 'StockReplenished']);
  });
});
