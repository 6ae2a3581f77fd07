import { randomUUID } from 'node:crypto';
import { EventMetadata, InventoryEvent } from '@shopstream/events';

/** Metadata for a test event; `at` defaults to a fixed instant so tests are deterministic. */
export function metadata(
  aggregateId: string,
  aggregateVersion: number,
  at = Date.UTC(2026, 10, 27, 10, 0, 0),
): EventMetadata {
  return {
    eventId: randomUUID(),
    occurredAt: at,
    aggregateId,
    aggregateVersion,
    correlationId: `corr-${aggregateId}`,
    causationId: null,
    producer: 'test',
  };
}

/** Stock received for `sku`, with metadata of its own. */
export const stockReceived = (sku: string, quantity: number): InventoryEvent => ({
  type: 'shopstream.inventory.StockReceived',
  metadata: metadata(sku, 1),
  sku,
  quantity,
});
