// Generated from schemas/ by `shopstream schemas generate`; do not edit.
import type { Address, EventMetadata } from './common.types.generated';

/**
 * A shipment was created for a paid order.
 *
 * Schema v1, the latest: `schemas/shipments/shipment-created.v1.avsc`. Published on `shopstream.shipments`.
 */
export interface ShipmentCreated {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.shipments.ShipmentCreated';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Order id; the Kafka key of the orders topic. */
  readonly orderId: string;
  /** Id of the shipment. */
  readonly shipmentId: string;
  /** Delivery address. */
  readonly address: Address;
}

/**
 * The carrier delivered the shipment.
 *
 * Schema v1, the latest: `schemas/shipments/shipment-delivered.v1.avsc`. Published on `shopstream.shipments`.
 */
export interface ShipmentDelivered {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.shipments.ShipmentDelivered';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Order id; the Kafka key of the orders topic. */
  readonly orderId: string;
  /** Id of the shipment. */
  readonly shipmentId: string;
}

/**
 * The shipment was handed to a carrier.
 *
 * Schema v1, the latest: `schemas/shipments/shipment-dispatched.v1.avsc`. Published on `shopstream.shipments`.
 */
export interface ShipmentDispatched {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.shipments.ShipmentDispatched';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Order id; the Kafka key of the orders topic. */
  readonly orderId: string;
  /** Id of the shipment. */
  readonly shipmentId: string;
  /** Carrier name. */
  readonly carrier: string;
  /** Carrier's tracking number. */
  readonly trackingNumber: string;
}

/**
 * The shipment came back to the warehouse.
 *
 * Schema v1, the latest: `schemas/shipments/shipment-returned.v1.avsc`. Published on `shopstream.shipments`.
 */
export interface ShipmentReturned {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.shipments.ShipmentReturned';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Order id; the Kafka key of the orders topic. */
  readonly orderId: string;
  /** Id of the shipment. */
  readonly shipmentId: string;
  /**
   * Why it came back.
   *
   * @defaultValue `null`
   */
  readonly reason: string | null;
}

/** Every shipments event, at its latest schema version; switch on `type`. */
export type ShipmentsEvent = ShipmentCreated | ShipmentDelivered | ShipmentDispatched | ShipmentReturned;

/** Wire names of the shipments events. */
export const SHIPMENTS_EVENT_TYPES = [
  'shopstream.shipments.ShipmentCreated',
  'shopstream.shipments.ShipmentDelivered',
  'shopstream.shipments.ShipmentDispatched',
  'shopstream.shipments.ShipmentReturned',
] as const;

/** Kafka topic of the shipments events. */
export const SHIPMENTS_TOPIC = 'shopstream.shipments';
