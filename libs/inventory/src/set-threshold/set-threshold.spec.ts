import { apply, meta, stocked, testContext } from '../inventory.fixtures';
import { InvalidStockCommandError } from '../inventory.errors';
import { setLowStockThreshold } from './set-threshold.decider';

describe('setLowStockThreshold', () => {
  it('sets a threshold below what is available without an alert', () => {
    expect(setLowStockThreshold(stocked('SKU-A', 20), { sku: 'SKU-A', threshold: 5 }, testContext())).toEqual(
      [
        {
          type: 'shopstream.inventory.LowStockThresholdSet',
          metadata: meta('SKU-A', 2, 'evt-1'),
          sku: 'SKU-A',
          threshold: 5,
        },
      ],
    );
  });

  it('emits nothing when the threshold does not change', () => {
    const level = stocked('SKU-A', 20, 5);
    expect(setLowStockThreshold(level, { sku: 'SKU-A', threshold: 5 }, testContext())).toEqual([]);
    expect(apply(level, []).threshold).toBe(5);
  });

  it.each([-1, 0.5])('refuses a threshold of %s', (threshold) => {
    expect(() =>
      setLowStockThreshold(stocked('SKU-A', 1), { sku: 'SKU-A', threshold }, testContext()),
    ).toThrow(InvalidStockCommandError);
  });
});
