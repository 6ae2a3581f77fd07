import { meta, testContext } from '../inventory.fixtures';
import { InvalidStockCommandError } from '../inventory.errors';
import { emptyStockLevel } from '../stock-level';
import { receiveStock } from './receive-stock.decider';

describe('receiveStock', () => {
  it('emits StockReceived as the next version of the sku', () => {
    expect(receiveStock(emptyStockLevel('SKU-A'), { sku: 'SKU-A', quantity: 12 }, testContext())).toEqual([
      {
        type: 'shopstream.inventory.StockReceived',
        metadata: meta('SKU-A', 1, 'evt-1'),
        sku: 'SKU-A',
        quantity: 12,
      },
    ]);
  });

  it.each([0, -1, 2.5])('refuses a quantity of %s', (quantity) => {
    expect(() => receiveStock(emptyStockLevel('SKU-A'), { sku: 'SKU-A', quantity }, testContext())).toThrow(
      InvalidStockCommandError,
    );
  });
});
