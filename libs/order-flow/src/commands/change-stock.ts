import { InventoryEvent } from '@shopstream/events';
import * as inventory from '@shopstream/inventory';
import type { CommandWork } from './command-runner';
import type { StockView } from './commands.port';

/** Locks one sku's level, decides a change with the inventory lib, saves it and answers with the new level. */
export function changeStock(
  sku: string,
  decide: (level: inventory.StockLevel, ctx: inventory.EventContext) => InventoryEvent[],
): CommandWork<StockView> {
  return async ({ stores, ctx }) => {
    const level = (await stores.stock.lock([sku])).get(sku)!;
    const events = decide(level, ctx);
    const next = inventory.evolveAll(events, level);
    await stores.stock.save([next]);
    const result: StockView = {
      sku,
      onHand: next.onHand,
      reserved: next.reserved,
      available: inventory.availableOf(next),
      threshold: next.threshold,
    };
    return { result, events };
  };
}
