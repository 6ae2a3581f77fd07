import type { InventoryEvent, LowStockDetected, StockReplenished } from '@shopstream/events';
import { metadataSequence, type EventContext } from '../event-context';
import { availableOf, type StockLevel } from '../stock-level';
import { evolveAll } from '../stock-level.evolve';

export type LowStockEvent = LowStockDetected | StockReplenished;

/**
 * The low-stock alert as a latch, not a level: LowStockDetected when available falls below the threshold and no
 * alert is open, StockReplenished when it is back at or above the threshold while one is open, and nothing in
 * between, so a sku selling one unit at a time under its threshold raises one alert, not one per sale.
 * `after` is the level with the change folded in; the alert event takes the version after it.
 */
export function evaluateLowStock(before: StockLevel, after: StockLevel, ctx: EventContext): LowStockEvent[] {
  const threshold = after.threshold;
  if (threshold === null) return [];
  const available = availableOf(after);
  const metadata = metadataSequence(ctx, after.sku, after.version);
  if (!before.lowStockOpen && available < threshold) {
    return [
      {
        type: 'shopstream.inventory.LowStockDetected',
        metadata: metadata(),
        sku: after.sku,
        available,
        threshold,
      },
    ];
  }
  if (before.lowStockOpen && available >= threshold) {
    return [
      {
        type: 'shopstream.inventory.StockReplenished',
        metadata: metadata(),
        sku: after.sku,
        available,
        threshold,
      },
    ];
  }
  return [];
}

/** The alert, if any, that the quantity events of one sku cause. */
export function lowStockAfter(
  level: StockLevel,
  events: readonly InventoryEvent[],
  ctx: EventContext,
): LowStockEvent[] {
  return evaluateLowStock(level, evolveAll(events, level), ctx);
}

/** The quantity events of one sku followed by the alert they cause, if any. */
export function withLowStock(
  level: StockLevel,
  events: readonly InventoryEvent[],
  ctx: EventContext,
): InventoryEvent[] {
  return [...events, ...lowStockAfter(level, events, ctx)];
}
