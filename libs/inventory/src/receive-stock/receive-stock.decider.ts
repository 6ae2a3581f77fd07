import type { InventoryEvent } from '@shopstream/events';
import { metadataSequence, type EventContext } from '../event-context';
import { InvalidStockCommandError } from '../inventory.errors';
import { withLowStock } from '../low-stock/evaluate-low-stock';
import type { StockLevel } from '../stock-level';
import type { ReceiveStock } from './receive-stock.command';

/** StockReceived, then StockReplenished if the delivery ends an open low-stock alert. */
export function receiveStock(level: StockLevel, command: ReceiveStock, ctx: EventContext): InventoryEvent[] {
  if (!isPositiveInteger(command.quantity)) {
    throw new InvalidStockCommandError('ReceiveStock', [
      `quantity ${command.quantity} must be a positive integer`,
    ]);
  }
  const metadata = metadataSequence(ctx, level.sku, level.version);
  return withLowStock(
    level,
    [
      {
        type: 'shopstream.inventory.StockReceived',
        metadata: metadata(),
        sku: level.sku,
        quantity: command.quantity,
      },
    ],
    ctx,
  );
}

function isPositiveInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}
