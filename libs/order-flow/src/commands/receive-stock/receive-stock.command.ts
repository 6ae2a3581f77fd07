import * as inventory from '@shopstream/inventory';
import type { CommandWork } from '../command-runner';
import { changeStock } from '../change-stock';
import type { StockView } from '../commands.port';

/** Goods arrived for a sku: its stock on hand grows. */
export function receiveStock(sku: string, input: { quantity: number }): CommandWork<StockView> {
  return changeStock(sku, (level, ctx) =>
    inventory.receiveStock(level, { sku, quantity: input.quantity }, ctx),
  );
}
