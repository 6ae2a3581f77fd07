import type { InventoryEvent } from '@shopstream/events';
import { assertNever } from './assert-never';
import { InvalidStockStreamError } from './inventory.errors';
import { heldBy, type StockLevel } from './stock-level';

/** Folds one inventory event into the level of its sku. Events are facts: applied without re-deciding. */
export function evolve(level: StockLevel, event: InventoryEvent): StockLevel {
  if (event.sku !== level.sku) {
    throw new InvalidStockStreamError(level.sku, event.type, `belongs to sku ${event.sku}`);
  }
  const next = { ...level, version: event.metadata.aggregateVersion };
  switch (event.type) {
    case 'shopstream.inventory.StockReceived':
      return { ...next, onHand: level.onHand + event.quantity };
    case 'shopstream.inventory.StockAdjusted':
      return { ...next, onHand: level.onHand + event.delta };
    case 'shopstream.inventory.StockReserved':
      return {
        ...next,
        reserved: level.reserved + event.quantity,
        reservations: hold(level, event.orderId, event.quantity),
      };
    case 'shopstream.inventory.StockReleased':
      return {
        ...next,
        reserved: level.reserved - event.quantity,
        reservations: hold(level, event.orderId, -event.quantity),
      };
    case 'shopstream.inventory.StockCommitted':
      return {
        ...next,
        onHand: level.onHand - event.quantity,
        reserved: level.reserved - event.quantity,
        reservations: hold(level, event.orderId, -event.quantity),
      };
    case 'shopstream.inventory.StockReservationFailed':
      return next;
    case 'shopstream.inventory.LowStockThresholdSet':
      return { ...next, threshold: event.threshold };
    case 'shopstream.inventory.LowStockDetected':
      return { ...next, lowStockOpen: true };
    case 'shopstream.inventory.StockReplenished':
      return { ...next, lowStockOpen: false };
    default:
      return assertNever(event);
  }
}

/** Folds a history of one sku. */
export function evolveAll(events: readonly InventoryEvent[], level: StockLevel): StockLevel {
  return events.reduce(evolve, level);
}

function hold(level: StockLevel, orderId: string, delta: number): Readonly<Record<string, number>> {
  const reservations = { ...level.reservations };
  const held = heldBy(level, orderId) + delta;
  if (held > 0) reservations[orderId] = held;
  else delete reservations[orderId];
  return reservations;
}
