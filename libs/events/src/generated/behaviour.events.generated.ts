// Generated from schemas/ by `shopstream schemas generate`; do not edit.
import type { EventMetadata } from './common.types.generated';

/**
 * A product was put in the cart.
 *
 * Schema v1, the latest: `schemas/behaviour/cart-item-added.v1.avsc`. Published on `shopstream.behaviour`.
 */
export interface CartItemAdded {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.behaviour.CartItemAdded';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Browsing session; the Kafka key of the behaviour topic. */
  readonly sessionId: string;
  /**
   * Customer, when signed in.
   *
   * @defaultValue `null`
   */
  readonly customerId: string | null;
  /** Stock keeping unit; the Kafka key of the inventory topic. */
  readonly sku: string;
  /** Units added. */
  readonly quantity: number;
  /** Unit price shown, minor units. */
  readonly unitPriceMinor: number;
  /** ISO 4217 currency code of the amounts. */
  readonly currency: string;
}

/**
 * A product was taken out of the cart.
 *
 * Schema v1, the latest: `schemas/behaviour/cart-item-removed.v1.avsc`. Published on `shopstream.behaviour`.
 */
export interface CartItemRemoved {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.behaviour.CartItemRemoved';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Browsing session; the Kafka key of the behaviour topic. */
  readonly sessionId: string;
  /**
   * Customer, when signed in.
   *
   * @defaultValue `null`
   */
  readonly customerId: string | null;
  /** Stock keeping unit; the Kafka key of the inventory topic. */
  readonly sku: string;
  /** Units removed. */
  readonly quantity: number;
}

/**
 * The checkout was opened.
 *
 * Schema v1, the latest: `schemas/behaviour/checkout-started.v1.avsc`. Published on `shopstream.behaviour`.
 */
export interface CheckoutStarted {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.behaviour.CheckoutStarted';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Browsing session; the Kafka key of the behaviour topic. */
  readonly sessionId: string;
  /**
   * Customer, when signed in.
   *
   * @defaultValue `null`
   */
  readonly customerId: string | null;
  /** Units in the cart. */
  readonly itemCount: number;
  /** Cart value, minor units. */
  readonly cartTotalMinor: number;
  /** ISO 4217 currency code of the amounts. */
  readonly currency: string;
}

/**
 * A product page was viewed.
 *
 * Schema v1, the latest: `schemas/behaviour/product-viewed.v1.avsc`. Published on `shopstream.behaviour`.
 */
export interface ProductViewed {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.behaviour.ProductViewed';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Browsing session; the Kafka key of the behaviour topic. */
  readonly sessionId: string;
  /**
   * Customer, when signed in.
   *
   * @defaultValue `null`
   */
  readonly customerId: string | null;
  /** Stock keeping unit; the Kafka key of the inventory topic. */
  readonly sku: string;
}

/**
 * A search was run.
 *
 * Schema v1, the latest: `schemas/behaviour/search-performed.v1.avsc`. Published on `shopstream.behaviour`.
 */
export interface SearchPerformed {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.behaviour.SearchPerformed';
  /** Envelope: event id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata;
  /** Browsing session; the Kafka key of the behaviour topic. */
  readonly sessionId: string;
  /**
   * Customer, when signed in.
   *
   * @defaultValue `null`
   */
  readonly customerId: string | null;
  /** Search text as typed. */
  readonly query: string;
  /** Results shown. */
  readonly resultCount: number;
}

/** Every behaviour event, at its latest schema version; switch on `type`. */
export type BehaviourEvent =
  CartItemAdded | CartItemRemoved | CheckoutStarted | ProductViewed | SearchPerformed;

/** Wire names of the behaviour events. */
export const BEHAVIOUR_EVENT_TYPES = [
  'shopstream.behaviour.CartItemAdded',
  'shopstream.behaviour.CartItemRemoved',
  'shopstream.behaviour.CheckoutStarted',
  'shopstream.behaviour.ProductViewed',
  'shopstream.behaviour.SearchPerformed',
] as const;

/** Kafka topic of the behaviour events. */
export const BEHAVIOUR_TOPIC = 'shopstream.behaviour';
