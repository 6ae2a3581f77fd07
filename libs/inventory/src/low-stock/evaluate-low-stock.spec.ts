import { apply, meta, stocked, testContext, types } from '../inventory.fixtures';
import { reserveOrderStock } from '../reserve-order-stock/reserve-order-stock.decider';
import { receiveStock } from '../receive-stock/receive-stock.decider';
import { setLowStockThreshold } from '../set-threshold/set-threshold.decider';
import { emptyStockLevel, type StockLevel } from '../stock-level';
import { evaluateLowStock } from './evaluate-low-stock';

const sell = (level: StockLevel, orderId: string, quantity = 1) =>
  reserveOrderStock([level], { orderId, lines: [{ sku: level.sku, quantity }] }, testContext());

describe('evaluateLowStock', () => {
  it('raises one alert when available drops below the threshold, not one per sale', () => {
    // stocked() sets the threshold before receiving: detected at v2, replenished at v4.
    let level = stocked('SKU-A', 6, 5);
    expect(level).toMatchObject({ version: 4, lowStockOpen: false });
    const first = sell(level, 'o1', 2);
    expect(first).toEqual([
      {
        type: 'shopstream.inventory.StockReserved',
        metadata: meta('SKU-A', 5, 'evt-1'),
        sku: 'SKU-A',
        orderId: 'o1',
        quantity: 2,
      },
      {
        type: 'shopstream.inventory.LowStockDetected',
        metadata: meta('SKU-A', 6, 'evt-2'),
        sku: 'SKU-A',
        available: 4,
        threshold: 5,
      },
    ]);
    level = apply(level, first);
    expect(level.lowStockOpen).toBe(true);
    const second = sell(level, 'o2');
    expect(types(second)).toEqual(['StockReserved']);
  });

  it('says replenished once when available is back at the threshold, then nothing', () => {
    let level = apply(stocked('SKU-A', 6, 5), sell(stocked('SKU-A', 6, 5), 'o1', 2));
    const back = receiveStock(level, { sku: 'SKU-A', quantity: 1 }, testContext());
    expect(types(back)).toEqual(['StockReceived', 'StockReplenished']);
    expect(back[1]).toMatchObject({
      available: 5,
      threshold: 5,
      metadata: { aggregateVersion: level.version + 2 },
    });
    level = apply(level, back);
    expect(types(receiveStock(level, { sku: 'SKU-A', quantity: 1 }, testContext()))).toEqual([
      'StockReceived',
    ]);
  });

  it('opens an alert when a threshold is set above what is available, and closes it when lowered', () => {
    let level = stocked('SKU-A', 3);
    const raised = setLowStockThreshold(level, { sku: 'SKU-A', threshold: 10 }, testContext());
    expect(types(raised)).toEqual(['LowStockThresholdSet', 'LowStockDetected']);
    level = apply(level, raised);
    expect(types(setLowStockThreshold(level, { sku: 'SKU-A', threshold: 3 }, testContext()))).toEqual([
      'LowStockThresholdSet',
      'StockReplenished',
    ]);
  });

  it('stays quiet without a threshold', () => {
    const before = emptyStockLevel('SKU-A');
    expect(evaluateLowStock(before, { ...before, onHand: 0 }, testContext())).toEqual([]);
  });
});
