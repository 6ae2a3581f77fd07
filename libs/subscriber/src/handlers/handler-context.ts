import type { Logger } from '@shopstream/logging';
import type { EventMetadata } from '@shopstream/events';

/** Where and how an event was delivered, beside the event itself. */
export interface HandlerContext {
  /** The event's envelope: id, time, aggregate id and version, correlation and causation, producer. */
  readonly metadata: EventMetadata | null;
  readonly key: string | null;
  /** The topic the event was published on; for a retried event, its original topic, not the retry topic. */
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** Kafka headers as text; on a retried event they include the retry headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** 1 on first delivery; counts every attempt, in place and from retry topics. */
  readonly attempt: number;
  /** From the `correlation-id` header, else from the event's metadata. */
  readonly correlationId: string | null;
  /** A logger whose lines carry the group, topic, partition, offset and correlation id. */
  readonly log: Logger;
}

/** An event with its context, as batch handlers get them. */
export interface Delivery<E> {
  readonly event: E;
  readonly ctx: HandlerContext;
}
