// Generated from schemas/ by `shopstream schemas generate`; do not edit.

/**
 * A probe written and read back by `shopstream selfcheck` to prove Kafka, the registry and PostgreSQL work together. Not a domain event.
 *
 * Schema v1, the latest: `schemas/platform/self-check.v1.avsc`. Published on `shopstream.platform`.
 */
export interface SelfCheck {
  /** Wire name of the event; tells events apart. Not an Avro field: the codec sets it. */
  readonly type: 'shopstream.platform.SelfCheck';
  /**
   * Identifies one self-check run.
   *
   * Avro `uuid`: a UUID string.
   */
  readonly checkId: string;
  /** Position of this probe within its run, from 1. */
  readonly sequence: number;
  /**
   * When the probe was produced.
   *
   * Avro `timestamp-millis`: a number of milliseconds since the Unix epoch (UTC).
   */
  readonly sentAt: number;
  /** Host name of the machine that ran the check. */
  readonly host: string;
}

/** Every platform event, at its latest schema version; switch on `type`. */
export type PlatformEvent = SelfCheck;

/** Wire names of the platform events. */
export const PLATFORM_EVENT_TYPES = ['shopstream.platform.SelfCheck'] as const;

/** Kafka topic of the platform events. */
export const PLATFORM_TOPIC = 'shopstream.platform';
