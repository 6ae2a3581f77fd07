import type { Upcaster } from '@shopstream/events';
import type { Logger } from '@shopstream/logging';
import type { SubscriberConnection } from '../config/subscriber-connection';
import type { EventsOf, TopicRef } from '../handlers/event-types';
import type { BatchHandler, HandlerMap } from '../handlers/handler-map';
import type { KeyOrderOptions } from '../key-order/key-order';
import type { SubscriberMetrics } from '../metrics/subscriber-metrics';
import type { BackoffPolicy } from '../retry/backoff';

/** How failures are retried before an event is given up to the dead-letter topic. */
export interface RetryOptions {
  /** Tries in place, with exponential backoff, before the event moves to the first retry topic. */
  readonly inPlace?: Partial<BackoffPolicy>;
  /**
   * One retry topic per delay, `<topic>-retry-<delay>`, tried in turn; after the last, `<topic>-dlt`. Empty: from
   * the in-place tries straight to the dead-letter topic.
   */
  readonly topicDelaysMs?: readonly number[];
  /**
   * Keep each key's events in order: while one waits in a retry topic, later events of its key wait behind it
   * instead of being handled before it. Which events wait is kept in `<schema>.subscriber_held_events` of the
   * team's PostgreSQL, so the order holds across restarts and between instances of the group.
   */
  readonly keepKeyOrder?: KeyOrderOptions;
  /** Errors that retrying cannot fix (a validation error): sent to the dead-letter topic at once. */
  readonly isPermanent?: (error: unknown) => boolean;
}

interface CommonOptions<Topics extends readonly TopicRef[]> {
  /** The consumer group; its retry stages use `<group>-retry-<delay>`. */
  readonly group: string;
  readonly topics: Topics;
  /** Brokers and registry; read from SHOPSTREAM_KAFKA_BROKERS and SHOPSTREAM_REGISTRY_URL when left out. */
  readonly connection?: SubscriberConnection;
  /** A new group starts at the beginning of the topics (default) or only sees new events. */
  readonly fromBeginning?: boolean;
  readonly retry?: RetryOptions;
  /** Events no handler takes (or whose schema this build does not know): let pass (default) or dead-letter. */
  readonly unhandled?: 'skip' | 'dead-letter';
  /** Code steps for schema changes Avro resolution cannot express. */
  readonly upcasters?: readonly Upcaster[];
  /** Partitions handled at once, each in order. 1 unless told. */
  readonly concurrency?: number;
  /** Upper bound of bytes fetched per partition and request (1 MiB unless told); larger means bigger batches. */
  readonly maxBytesPerPartition?: number;
  /** Shared by the subscriptions of a process; one is made when left out. */
  readonly metrics?: SubscriberMetrics;
  readonly logger?: Logger;
}

/** A handler per event type, by short name (`OrderPaid`): only events of `topics` are allowed. */
export interface HandlerOptions<Topics extends readonly TopicRef[]> extends CommonOptions<Topics> {
  readonly handlers: HandlerMap<EventsOf<Topics>>;
  readonly handleBatch?: never;
}

/** One handler for each fetched batch, for set-based writes; a failing batch is retried, then split. */
export interface BatchOptions<Topics extends readonly TopicRef[]> extends CommonOptions<Topics> {
  readonly handleBatch: BatchHandler<EventsOf<Topics>>;
  readonly handlers?: never;
}

export type SubscribeOptions<Topics extends readonly TopicRef[]> =
  HandlerOptions<Topics> | BatchOptions<Topics>;
