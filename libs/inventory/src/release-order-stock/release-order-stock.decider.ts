import type { InventoryEvent } from '@shopstream/events';
import { metadataSequence, type EventContext } from '../event-context';
import { lowStockAfter } from '../low-stock/evaluate-low-stock';
import { heldBy, type StockLevel } from '../stock-level';
import { indexLevels } from '../stock-levels';
import type { ReleaseOrderStock } from './release-order-stock.command';

/**
 * One StockReleased per sku for exactly what the order holds there, then the alerts that follows. An order
 * that holds nothing (never reserved, or released already) emits nothing: a cancellation may be redelivered.
 */
export function releaseOrderStock(
  levels: readonly StockLevel[],
  command: ReleaseOrderStock,
  ctx: EventContext,
): InventoryEvent[] {
  indexLevels('ReleaseOrderStock', levels);
  const holding = levels.filter((level) => heldBy(level, command.orderId) > 0);
  const released = holding.map((level): InventoryEvent => ({
    type: 'shopstream.inventory.StockReleased',
    metadata: metadataSequence(ctx, level.sku, level.version)(),
    sku: level.sku,
    orderId: command.orderId,
    quantity: heldBy(level, command.orderId),
  }));
  const alerts = holding.flatMap((level, i) => lowStockAfter(level, released.slice(i, i + 1), ctx));
  return [...released, ...alerts];
}
