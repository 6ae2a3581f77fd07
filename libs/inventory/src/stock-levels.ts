import { InvalidStockCommandError } from './inventory.errors';
import { emptyStockLevel, type StockLevel } from './stock-level';

/**
 * Indexes the levels an order-wide command was given. A sku missing from them has never been received, so it
 * counts as an empty level rather than an error: reserving it fails like any other shortage.
 */
export function indexLevels(command: string, levels: readonly StockLevel[]): (sku: string) => StockLevel {
  const bySku = new Map<string, StockLevel>();
  for (const level of levels) {
    if (bySku.has(level.sku)) throw new InvalidStockCommandError(command, [`sku ${level.sku} given twice`]);
    bySku.set(level.sku, level);
  }
  return (sku) => bySku.get(sku) ?? emptyStockLevel(sku);
}
