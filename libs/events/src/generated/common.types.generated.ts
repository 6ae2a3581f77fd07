// Generated from schemas/ by `shopstream schemas generate`; do not edit.

/** A postal address. */
export interface Address {
  /** Recipient's name. */
  readonly name: string;
  /** First address line. */
  readonly line1: string;
  /**
   * Second address line, if any.
   *
   * @defaultValue `null`
   */
  readonly line2: string | null;
  /** City. */
  readonly city: string;
  /** Postal code. */
  readonly postalCode: string;
  /** ISO 3166-1 alpha-2 country code. */
  readonly country: string;
}

/** Metadata every Shopstream event carries, whatever its topic. */
export interface EventMetadata {
  /**
   * Unique id of this event (UUID); a consumer that sees it twice applies it once.
   *
   * Avro `uuid`: a UUID string.
   */
  readonly eventId: string;
  /**
   * When the fact happened, epoch milliseconds UTC.
   *
   * Avro `timestamp-millis`: a number of milliseconds since the Unix epoch (UTC).
   */
  readonly occurredAt: number;
  /** Id of the aggregate the event belongs to (order id, sku, session id); also the Kafka key. */
  readonly aggregateId: string;
  /** Position of this event in its aggregate's history, from 1; increases by one per event. */
  readonly aggregateVersion: number;
  /** Id shared by every event of one business flow, e.g. all events caused by one order placement. */
  readonly correlationId: string;
  /**
   * Event id of the event that caused this one; null for events caused by a command.
   *
   * @defaultValue `null`
   */
  readonly causationId: string | null;
  /** Name of the service that produced the event, e.g. commerce-api or order-processor. */
  readonly producer: string;
}

/** One line of an order. */
export interface OrderLine {
  /** Stock keeping unit ordered. */
  readonly sku: string;
  /** Units ordered, at least 1. */
  readonly quantity: number;
  /** Price of one unit in minor units of the order currency (cents for EUR). */
  readonly unitPriceMinor: number;
}

/** Money totals of an order, all in minor units of the order currency. */
export interface OrderTotals {
  /** Sum of quantity x unit price over all lines. */
  readonly subtotalMinor: number;
  /** Shipping charged. */
  readonly shippingMinor: number;
  /** Tax included in the total. */
  readonly taxMinor: number;
  /** What the customer pays: subtotal + shipping + tax. */
  readonly totalMinor: number;
}
