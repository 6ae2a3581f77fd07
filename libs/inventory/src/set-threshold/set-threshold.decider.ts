import type { InventoryEvent } from '@shopstream/events';
import { metadataSequence, type EventContext } from '../event-context';
import { InvalidStockCommandError } from '../inventory.errors';
import { withLowStock } from '../low-stock/evaluate-low-stock';
import type { StockLevel } from '../stock-level';
import type { SetLowStockThreshold } from './set-threshold.command';

/**
 * LowStockThresholdSet, then the alert the new threshold implies: above the current available it opens one, at
 * or below it closes an open one. Setting the same threshold again emits nothing.
 */
export function setLowStockThreshold(
  level: StockLevel,
  command: SetLowStockThreshold,
  ctx: EventContext,
): InventoryEvent[] {
  if (!Number.isSafeInteger(command.threshold) || command.threshold < 0) {
    throw new InvalidStockCommandError('SetLowStockThreshold', [
      `threshold ${command.threshold} must be an integer >= 0`,
    ]);
  }
  if (command.threshold === level.threshold) return [];
  const metadata = metadataSequence(ctx, level.sku, level.version);
  return withLowStock(
    level,
    [
      {
        type: 'shopstream.inventory.LowStockThresholdSet',
        metadata: metadata(),
        sku: level.sku,
        threshold: command.threshold,
      },
    ],
    ctx,
  );
}
