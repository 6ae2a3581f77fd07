import { EventOfType } from '@shopstream/events';
import { ProjectedEvent } from '@shopstream/projections';

export const STOCK_LEVELS_EVENTS = [
  'shopstream.inventory.StockReceived',
  'shopstream.inventory.StockAdjusted',
  'shopstream.inventory.StockReserved',
  'shopstream.inventory.StockReleased',
  'shopstream.inventory.StockCommitted',
  'shopstream.inventory.LowStockThresholdSet',
  'shopstream.inventory.StockReservationFailed',
  'shopstream.inventory.LowStockDetected',
  'shopstream.inventory.StockReplenished',
] as const;

export type StockLevelsEvent = EventOfType<(typeof STOCK_LEVELS_EVENTS)[number]>;

/** What one batch changes for one sku: deltas to add to the stored totals, and the latest of the rest. */
export interface StockLevelChange {
  sku: string;
  received: number;
  adjusted: number;
  committed: number;
  reserved: number;
  /** null: not set in this batch, keep the stored threshold (no event ever clears one). */
  threshold: number | null;
  updatedAt: number;
  version: number;
}

export function foldStockLevels(batch: readonly ProjectedEvent<StockLevelsEvent>[]): StockLevelChange[] {
  const changes = new Map<string, StockLevelChange>();
  for (const { event } of batch) {
    let change = changes.get(event.sku);
    if (!change) {
      change = {
        sku: event.sku,
        received: 0,
        adjusted: 0,
        committed: 0,
        reserved: 0,
        threshold: null,
        updatedAt: 0,
        version: 0,
      };
      changes.set(event.sku, change);
    }
    // Inventory events are keyed by sku, so one sku's events arrive in log order: the last one is the latest.
    change.updatedAt = event.metadata.occurredAt;
    change.version = event.metadata.aggregateVersion;
    switch (event.type) {
      case 'shopstream.inventory.StockReceived':
        change.received += event.quantity;
        break;
      case 'shopstream.inventory.StockAdjusted':
        change.adjusted += event.delta;
        break;
      case 'shopstream.inventory.StockReserved':
        change.reserved += event.quantity;
        break;
      case 'shopstream.inventory.StockReleased':
        change.reserved -= event.quantity;
        break;
      case 'shopstream.inventory.StockCommitted':
        // Committed units were reserved: they leave the reservation and the shelf together.
        change.reserved -= event.quantity;
        change.committed += event.quantity;
        break;
      case 'shopstream.inventory.LowStockThresholdSet':
        change.threshold = event.threshold;
        break;
      case 'shopstream.inventory.StockReservationFailed':
      case 'shopstream.inventory.LowStockDetected':
      case 'shopstream.inventory.StockReplenished':
        // Outcomes of the quantities above, not changes to them; they still advance updated_at and version.
        break;
      default: {
        const unreachable: never = event;
        throw new Error(`Unhandled event ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return [...changes.values()];
}
