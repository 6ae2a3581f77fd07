// Generated from schemas/ by `shopstream schemas generate`; do not edit.
import type { Address, EventMetadata, OrderLine, OrderTotals } from './common.types.generated';

/** Why an order was cancelled. */
export type CancellationReason =
  'CUSTOMER_REQUEST' | 'PAYMENT_FAILED' | 'PAYMENT_TIMEOUT' | 'OUT_OF_STOCK' | 'FRAUD_SUSPECTED' | 'OTHER';

/** Who cancels an order. */
export type CancelledBy = 'CUSTOMER' | 'MERCHANT' | 'SYSTEM';

/** Why an order was rejected. */
export type OrderRejectionReason = 'OUT_OF_STOCK' | 'PAYMENT_FAILED' | 'INVALID';

/** Where an order was placed. */
export type SalesChannel = 'WEB' | 'MOBILE_APP' | 'MARKETPLACE' | 'STORE' | 'API';

/**
 * The order was cancelled before dispatch; reserved stock is released.
 *
 * Schema v1, the latest: `schemas/orders/order-cancelled.v1.avsc`. Published on `shopstream.orders`.
 */
export interface OrderCancelled {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.orders.OrderCancelled';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Order id; the Kafka key of the orders topic. */
  readonly orderId: string;
  /** Why it was cancelled. */
  readonly reason: CancellationReason;
  /** Who cancelled it. */
  readonly cancelledBy: CancelledBy;
  /** True when the order was paid and a refund must follow. */
  readonly refundDue: boolean;
}

/**
 * Stock was reserved for every line; the order waits for payment.
 *
 * Schema v1, the latest: `schemas/orders/order-confirmed.v1.avsc`. Published on `shopstream.orders`.
 */
export interface OrderConfirmed {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.orders.OrderConfirmed';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Order id; the Kafka key of the orders topic. */
  readonly orderId: string;
}

/**
 * The carrier delivered the order.
 *
 * Schema v1, the latest: `schemas/orders/order-delivered.v1.avsc`. Published on `shopstream.orders`.
 */
export interface OrderDelivered {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.orders.OrderDelivered';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Order id; the Kafka key of the orders topic. */
  readonly orderId: string;
  /** Shipment that was delivered. */
  readonly shipmentId: string;
}

/**
 * Payment for the order was captured.
 *
 * Schema v1, the latest: `schemas/orders/order-paid.v1.avsc`. Published on `shopstream.orders`.
 */
export interface OrderPaid {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.orders.OrderPaid';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Order id; the Kafka key of the orders topic. */
  readonly orderId: string;
  /** Amount captured in minor units. */
  readonly amountMinor: number;
  /** ISO 4217 currency code of the amounts. */
  readonly currency: string;
  /** Payment provider's id of the captured payment. */
  readonly paymentId: string;
}

/**
 * A customer placed an order; stock is not reserved yet. v2 adds the sales channel.
 *
 * Schema v2, the latest: `schemas/orders/order-placed.v2.avsc`. Published on `shopstream.orders`.
 */
export interface OrderPlaced {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.orders.OrderPlaced';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Order id; the Kafka key of the orders topic. */
  readonly orderId: string;
  /** Customer who placed the order. */
  readonly customerId: string;
  /** ISO 4217 currency code of the amounts. */
  readonly currency: string;
  /** Ordered lines, at least one. */
  readonly lines: readonly OrderLine[];
  /** Money totals of the order. */
  readonly totals: OrderTotals;
  /** Where the order ships. */
  readonly shippingAddress: Address;
  /**
   * Sales channel the order came through; WEB for orders placed before v2.
   *
   * @defaultValue `"WEB"`
   */
  readonly channel: SalesChannel;
}

/**
 * Money was returned to the customer.
 *
 * Schema v1, the latest: `schemas/orders/order-refunded.v1.avsc`. Published on `shopstream.orders`.
 */
export interface OrderRefunded {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.orders.OrderRefunded';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Order id; the Kafka key of the orders topic. */
  readonly orderId: string;
  /** Amount refunded in minor units. */
  readonly amountMinor: number;
  /** ISO 4217 currency code of the amounts. */
  readonly currency: string;
  /**
   * Why the refund was made.
   *
   * @defaultValue `null`
   */
  readonly reason: string | null;
}

/**
 * The order could not go ahead and is final.
 *
 * Schema v1, the latest: `schemas/orders/order-rejected.v1.avsc`. Published on `shopstream.orders`.
 */
export interface OrderRejected {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.orders.OrderRejected';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Order id; the Kafka key of the orders topic. */
  readonly orderId: string;
  /** Why it was rejected. */
  readonly reason: OrderRejectionReason;
  /**
   * Human-readable detail, e.g. the skus that were short.
   *
   * @defaultValue `null`
   */
  readonly detail: string | null;
}

/**
 * The order left the warehouse.
 *
 * Schema v1, the latest: `schemas/orders/order-shipped.v1.avsc`. Published on `shopstream.orders`.
 */
export interface OrderShipped {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.orders.OrderShipped';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Order id; the Kafka key of the orders topic. */
  readonly orderId: string;
  /** Shipment carrying the order. */
  readonly shipmentId: string;
  /** Carrier name. */
  readonly carrier: string;
  /** Carrier's tracking number. */
  readonly trackingNumber: string;
}

/** Every orders event, at its latest schema version; switch on `type`. */
export type OrdersEvent =
  | OrderCancelled
  | OrderConfirmed
  | OrderDelivered
  | OrderPaid
  | OrderPlaced
  | OrderRefunded
  | OrderRejected
  | OrderShipped;

/** Wire names of the orders events. */
export const ORDERS_EVENT_TYPES = [
  'shopstream.orders.OrderCancelled',
  'shopstream.orders.OrderConfirmed',
  'shopstream.orders.OrderDelivered',
  'shopstream.orders.OrderPaid',
  'shopstream.orders.OrderPlaced',
  'shopstream.orders.OrderRefunded',
  'shopstream.orders.OrderRejected',
  'shopstream.orders.OrderShipped',
] as const;

/** Kafka topic of the orders events. */
export const ORDERS_TOPIC = 'shopstream.orders';
