import type { InventoryEvent } from '@shopstream/events';
import { metadataSequence, type EventContext } from '../event-context';
import { InvalidStockCommandError, StockInvariantError } from '../inventory.errors';
import { withLowStock } from '../low-stock/evaluate-low-stock';
import type { StockLevel } from '../stock-level';
import type { AdjustStock } from './adjust-stock.command';

/**
 * A count, damage or loss. A negative delta may not eat into reserved units: those are promised to paid or
 * paying orders, so the shortfall must be handled by cancelling orders (releasing stock) first, explicitly.
 */
export function adjustStock(level: StockLevel, command: AdjustStock, ctx: EventContext): InventoryEvent[] {
  if (!Number.isSafeInteger(command.delta) || command.delta === 0) {
    throw new InvalidStockCommandError('AdjustStock', [`delta ${command.delta} must be a non-zero integer`]);
  }
  const onHand = level.onHand + command.delta;
  if (onHand < level.reserved) {
    throw new StockInvariantError(
      'STOCK_ADJUSTMENT_BELOW_RESERVED',
      level.sku,
      `adjusting by ${command.delta} leaves ${onHand} on hand but ${level.reserved} are reserved; ` +
        `the lowest allowed delta is ${level.reserved - level.onHand}: release or cancel orders first`,
    );
  }
  const metadata = metadataSequence(ctx, level.sku, level.version);
  return withLowStock(
    level,
    [
      {
        type: 'shopstream.inventory.StockAdjusted',
        metadata: metadata(),
        sku: level.sku,
        delta: command.delta,
        reason: command.reason,
        note: command.note,
      },
    ],
    ctx,
  );
}
