import * as inventory from '@shopstream/inventory';
import type { CommandWork } from '../command-runner';
import { changeStock } from '../change-stock';
import type { StockView } from '../commands.port';

/** The level under which a sku counts as low on stock. */
export function setThreshold(sku: string, input: { threshold: number }): CommandWork<StockView> {
  return changeStock(sku, (level, ctx) =>
    inventory.setLowStockThreshold(level, { sku, threshold: input.threshold }, ctx),
  );
}
