// Generated from schemas/ by `shopstream schemas generate`; do not edit.
import type { EventMetadata } from './common.types.generated';

/** Why stock was adjusted. */
export type AdjustmentReason = 'STOCKTAKE' | 'DAMAGED' | 'LOST' | 'FOUND' | 'OTHER';

/**
 * Available units dropped below the threshold.
 *
 * Schema v1, the latest: `schemas/inventory/low-stock-detected.v1.avsc`. Published on `shopstream.inventory`.
 */
export interface LowStockDetected {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.inventory.LowStockDetected';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Stock keeping unit; the Kafka key of the inventory topic. */
  readonly sku: string;
  /** Units available. */
  readonly available: number;
  /** The threshold. */
  readonly threshold: number;
}

/**
 * The low-stock threshold of a sku was set.
 *
 * Schema v1, the latest: `schemas/inventory/low-stock-threshold-set.v1.avsc`. Published on `shopstream.inventory`.
 */
export interface LowStockThresholdSet {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.inventory.LowStockThresholdSet';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Stock keeping unit; the Kafka key of the inventory topic. */
  readonly sku: string;
  /** Alert when available units drop below this. */
  readonly threshold: number;
}

/**
 * On-hand stock corrected by a count, damage or loss.
 *
 * Schema v1, the latest: `schemas/inventory/stock-adjusted.v1.avsc`. Published on `shopstream.inventory`.
 */
export interface StockAdjusted {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.inventory.StockAdjusted';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Stock keeping unit; the Kafka key of the inventory topic. */
  readonly sku: string;
  /** Change to on-hand units; negative for a loss. */
  readonly delta: number;
  /** Why it was adjusted. */
  readonly reason: AdjustmentReason;
  /**
   * Free-text note.
   *
   * @defaultValue `null`
   */
  readonly note: string | null;
}

/**
 * Reserved units left the warehouse with a shipment.
 *
 * Schema v1, the latest: `schemas/inventory/stock-committed.v1.avsc`. Published on `shopstream.inventory`.
 */
export interface StockCommitted {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.inventory.StockCommitted';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Stock keeping unit; the Kafka key of the inventory topic. */
  readonly sku: string;
  /** Order id; the Kafka key of the orders topic. */
  readonly orderId: string;
  /** Units committed. */
  readonly quantity: number;
}

/**
 * Units arrived at the warehouse and are on hand.
 *
 * Schema v1, the latest: `schemas/inventory/stock-received.v1.avsc`. Published on `shopstream.inventory`.
 */
export interface StockReceived {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.inventory.StockReceived';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Stock keeping unit; the Kafka key of the inventory topic. */
  readonly sku: string;
  /** Units received, at least 1. */
  readonly quantity: number;
}

/**
 * A reservation was given back (order cancelled or rejected).
 *
 * Schema v1, the latest: `schemas/inventory/stock-released.v1.avsc`. Published on `shopstream.inventory`.
 */
export interface StockReleased {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.inventory.StockReleased';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Stock keeping unit; the Kafka key of the inventory topic. */
  readonly sku: string;
  /** Order id; the Kafka key of the orders topic. */
  readonly orderId: string;
  /** Units released. */
  readonly quantity: number;
}

/**
 * Available units are back at or above the threshold.
 *
 * Schema v1, the latest: `schemas/inventory/stock-replenished.v1.avsc`. Published on `shopstream.inventory`.
 */
export interface StockReplenished {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.inventory.StockReplenished';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Stock keeping unit; the Kafka key of the inventory topic. */
  readonly sku: string;
  /** Units available. */
  readonly available: number;
  /** The threshold. */
  readonly threshold: number;
}

/**
 * An order line could not be reserved: too few units available.
 *
 * Schema v1, the latest: `schemas/inventory/stock-reservation-failed.v1.avsc`. Published on `shopstream.inventory`.
 */
export interface StockReservationFailed {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.inventory.StockReservationFailed';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Stock keeping unit; the Kafka key of the inventory topic. */
  readonly sku: string;
  /** Order id; the Kafka key of the orders topic. */
  readonly orderId: string;
  /** Units asked for. */
  readonly quantity: number;
  /** Units that were available. */
  readonly available: number;
}

/**
 * Units were set aside for an order line.
 *
 * Schema v1, the latest: `schemas/inventory/stock-reserved.v1.avsc`. Published on `shopstream.inventory`.
 */
export interface StockReserved {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.inventory.StockReserved';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Stock keeping unit; the Kafka key of the inventory topic. */
  readonly sku: string;
  /** Order id; the Kafka key of the orders topic. */
  readonly orderId: string;
  /** Units reserved. */
  readonly quantity: number;
}

/** Every inventory event, at its latest schema version; switch on `type`. */
export type InventoryEvent =
  | LowStockDetected
  | LowStockThresholdSet
  | StockAdjusted
  | StockCommitted
  | StockReceived
  | StockReleased
  | StockReplenished
  | StockReservationFailed
  | StockReserved;

/** Wire names of the inventory events. */
export const INVENTORY_EVENT_TYPES = [
  'shopstream.inventory.LowStockDetected',
  'shopstream.inventory.LowStockThresholdSet',
  'shopstream.inventory.StockAdjusted',
  'shopstream.inventory.StockCommitted',
  'shopstream.inventory.StockReceived',
  'shopstream.inventory.StockReleased',
  'shopstream.inventory.StockReplenished',
  'shopstream.inventory.StockReservationFailed',
  'shopstream.inventory.StockReserved',
] as const;

/** Kafka topic of the inventory events. */
export const INVENTORY_TOPIC = 'shopstream.inventory';
