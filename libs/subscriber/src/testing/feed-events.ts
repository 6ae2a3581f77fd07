import type { ShopstreamEvent } from '@shopstream/events';
import { createLogger } from '@shopstream/logging';
import type { Delivery, HandlerContext } from '../handlers/handler-context';
import type { BatchHandler, EventHandler, HandlerMap } from '../handlers/handler-map';
import { eventName } from '../run/handler-invocation';

/** Where fed events appear to come from; every field has a default. */
export interface FeedOptions {
  readonly topic?: string;
  readonly partition?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** The key of each event; the aggregate id from its metadata unless told. */
  readonly keyOf?: (event: ShopstreamEvent) => string | null;
}

const log = createLogger('subscriber-test');

function contextFor(event: ShopstreamEvent, index: number, options: FeedOptions): HandlerContext {
  const metadata = 'metadata' in event ? event.metadata : null;
  return {
    metadata,
    key: options.keyOf ? options.keyOf(event) : (metadata?.aggregateId ?? null),
    topic: options.topic ?? event.type.slice(0, event.type.lastIndexOf('.')),
    partition: options.partition ?? 0,
    offset: String(index),
    headers: options.headers ?? {},
    attempt: 1,
    correlationId: options.headers?.['correlation-id'] ?? metadata?.correlationId ?? null,
    log,
  };
}

/**
 * Feeds events to handlers in order, as a subscription would, without Kafka: for unit tests of handlers. Events no
 * handler takes are returned, as a subscription with `unhandled: 'skip'` lets them pass; a handler's error is thrown.
 */
export async function feedEvents<E extends ShopstreamEvent>(
  handlers: HandlerMap<E>,
  events: readonly E[],
  options: FeedOptions = {},
): Promise<{ readonly skipped: readonly E[] }> {
  const skipped: E[] = [];
  const byName = handlers as Readonly<Record<string, EventHandler<E> | undefined>>;
  for (const [index, event] of events.entries()) {
    const handler = byName[eventName(event.type)];
    if (handler) await handler(event, contextFor(event, index, options));
    else skipped.push(event);
  }
  return { skipped };
}

/** Feeds events to a batch handler as one batch, without Kafka. */
export async function feedBatch<E extends ShopstreamEvent>(
  handleBatch: BatchHandler<E>,
  events: readonly E[],
  options: FeedOptions = {},
): Promise<void> {
  const deliveries: Delivery<E>[] = events.map((event, index) => ({
    event,
    ctx: contextFor(event, index, options),
  }));
  await handleBatch(deliveries);
}
