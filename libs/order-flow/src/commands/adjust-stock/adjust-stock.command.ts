import * as inventory from '@shopstream/inventory';
import type { CommandWork } from '../command-runner';
import { changeStock } from '../change-stock';
import type { StockView } from '../commands.port';

export interface AdjustStockInput {
  readonly delta: number;
  readonly reason: inventory.AdjustStock['reason'];
  readonly note: string | null;
}

/** A counted correction of a sku's stock on hand (damage, loss, a recount), with its reason. */
export function adjustStock(sku: string, input: AdjustStockInput): CommandWork<StockView> {
  return changeStock(sku, (level, ctx) =>
    inventory.adjustStock(level, { sku, delta: input.delta, reason: input.reason, note: input.note }, ctx),
  );
}
