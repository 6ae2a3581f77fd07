// Generated from schemas/ by `shopstream schemas generate`; do not edit.
import type { EventMetadata } from './common.types.generated';

/**
 * The provider authorized the amount; it is not captured yet.
 *
 * Schema v1, the latest: `schemas/payments/payment-authorized.v1.avsc`. Published on `shopstream.payments`.
 */
export interface PaymentAuthorized {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.payments.PaymentAuthorized';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Order id; the Kafka key of the orders topic. */
  readonly orderId: string;
  /** Payment provider's id of the payment. */
  readonly paymentId: string;
  /** Amount in minor units. */
  readonly amountMinor: number;
  /** ISO 4217 currency code of the amounts. */
  readonly currency: string;
}

/**
 * The provider captured the money.
 *
 * Schema v1, the latest: `schemas/payments/payment-captured.v1.avsc`. Published on `shopstream.payments`.
 */
export interface PaymentCaptured {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.payments.PaymentCaptured';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Order id; the Kafka key of the orders topic. */
  readonly orderId: string;
  /** Payment provider's id of the payment. */
  readonly paymentId: string;
  /** Amount in minor units. */
  readonly amountMinor: number;
  /** ISO 4217 currency code of the amounts. */
  readonly currency: string;
}

/**
 * The provider declined or failed the payment.
 *
 * Schema v1, the latest: `schemas/payments/payment-failed.v1.avsc`. Published on `shopstream.payments`.
 */
export interface PaymentFailed {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.payments.PaymentFailed';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Order id; the Kafka key of the orders topic. */
  readonly orderId: string;
  /** Payment provider's id of the payment. */
  readonly paymentId: string;
  /** Amount in minor units. */
  readonly amountMinor: number;
  /** ISO 4217 currency code of the amounts. */
  readonly currency: string;
  /** Provider's failure code, e.g. card_declined. */
  readonly failureCode: string;
  /**
   * Provider's message.
   *
   * @defaultValue `null`
   */
  readonly message: string | null;
}

/**
 * The provider refunded money to the customer.
 *
 * Schema v1, the latest: `schemas/payments/payment-refunded.v1.avsc`. Published on `shopstream.payments`.
 */
export interface PaymentRefunded {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.payments.PaymentRefunded';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Order id; the Kafka key of the orders topic. */
  readonly orderId: string;
  /** Payment provider's id of the payment. */
  readonly paymentId: string;
  /** Amount in minor units. */
  readonly amountMinor: number;
  /** ISO 4217 currency code of the amounts. */
  readonly currency: string;
}

/** Every payments event, at its latest schema version; switch on `type`. */
export type PaymentsEvent = PaymentAuthorized | PaymentCaptured | PaymentFailed | PaymentRefunded;

/** Wire names of the payments events. */
export const PAYMENTS_EVENT_TYPES = [
  'shopstream.payments.PaymentAuthorized',
  'shopstream.payments.PaymentCaptured',
  'shopstream.payments.PaymentFailed',
  'shopstream.payments.PaymentRefunded',
] as const;

/** Kafka topic of the payments events. */
export const PAYMENTS_TOPIC = 'shopstream.payments';
