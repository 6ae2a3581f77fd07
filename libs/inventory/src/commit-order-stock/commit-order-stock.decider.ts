import type { InventoryEvent } from '@shopstream/events';
import { metadataSequence, type EventContext } from '../event-context';
import { lowStockAfter } from '../low-stock/evaluate-low-stock';
import { heldBy, type StockLevel } from '../stock-level';
import { indexLevels } from '../stock-levels';
import type { CommitOrderStock } from './commit-order-stock.command';

/**
 * One StockCommitted per sku for what the order holds: the units leave, so onHand and reserved both drop and
 * available stays the same. Committing twice emits nothing the second time.
 */
export function commitOrderStock(
  levels: readonly StockLevel[],
  command: CommitOrderStock,
  ctx: EventContext,
): InventoryEvent[] {
  indexLevels('CommitOrderStock', levels);
  const holding = levels.filter((level) => heldBy(level, command.orderId) > 0);
  const committed = holding.map((level): InventoryEvent => ({
    type: 'shopstream.inventory.StockCommitted',
    metadata: metadataSequence(ctx, level.sku, level.version)(),
    sku: level.sku,
    orderId: command.orderId,
    quantity: heldBy(level, command.orderId),
  }));
  // Available does not move, so this only fires if the level was inconsistent; kept for one rule everywhere.
  const alerts = holding.flatMap((level, i) => lowStockAfter(level, committed.slice(i, i + 1), ctx));
  return [...committed, ...alerts];
}
