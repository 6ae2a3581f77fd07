// Test fixtures shared by the inventory specs; not exported from index.ts.
import type { EventMetadata, InventoryEvent } from '@shopstream/events';
import type { EventContext } from './event-context';
import { receiveStock } from './receive-stock/receive-stock.decider';
import { setLowStockThreshold } from './set-threshold/set-threshold.decider';
import { emptyStockLevel, type StockLevel } from './stock-level';
import { evolve } from './stock-level.evolve';

export const NOW = 1_750_000_000_000;

/** Event ids count up (evt-1, evt-2, ...) so expected metadata is exact. */
export function testContext(): EventContext {
  let next = 0;
  return {
    now: NOW,
    newEventId: () => `evt-${++next}`,
    correlationId: 'corr-1',
    causationId: 'cause-1',
    producer: 'inventory-processor',
  };
}

export function meta(sku: string, aggregateVersion: number, eventId: string): EventMetadata {
  return {
    eventId,
    occurredAt: NOW,
    aggregateId: sku,
    aggregateVersion,
    correlationId: 'corr-1',
    causationId: 'cause-1',
    producer: 'inventory-processor',
  };
}

/** Folds the events of `level.sku` among `events` (an order-wide decision touches several skus). */
export function apply(level: StockLevel, events: readonly InventoryEvent[]): StockLevel {
  return events.filter((event) => event.sku === level.sku).reduce(evolve, level);
}

/** A sku with `onHand` units received and, when given, a threshold (set before the stock arrived). */
export function stocked(sku: string, onHand: number, threshold?: number): StockLevel {
  let level = emptyStockLevel(sku);
  if (threshold !== undefined)
    level = apply(level, setLowStockThreshold(level, { sku, threshold }, testContext()));
  if (onHand > 0) level = apply(level, receiveStock(level, { sku, quantity: onHand }, testContext()));
  return level;
}

export const types = (events: readonly InventoryEvent[]): string[] =>
  events.map((event) => event.type.replace('shopstream.inventory.', ''));
