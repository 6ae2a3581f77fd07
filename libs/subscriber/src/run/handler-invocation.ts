import type { ShopstreamEvent } from '@shopstream/events';
import type { IncomingRecord } from '@shopstream/kafka';
import type { Logger } from '@shopstream/logging';
import type { Delivery, HandlerContext } from '../handlers/handler-context';
import { originOf } from '../retry/retry-headers';

/** The header a producer may set to carry a request's correlation id across services. */
export const CORRELATION_HEADER = 'correlation-id';

/** The context a handler gets for `record`, its `attempt`-th try in all. */
export function handlerContext(
  record: IncomingRecord,
  event: ShopstreamEvent | null,
  attempt: number,
  logger: Logger,
): HandlerContext {
  const origin = originOf(record);
  const metadata = event && 'metadata' in event ? event.metadata : null;
  const correlationId = record.headers[CORRELATION_HEADER] ?? metadata?.correlationId ?? null;
  return {
    metadata,
    key: record.key,
    topic: origin.topic,
    partition: origin.partition,
    offset: origin.offset,
    headers: record.headers,
    attempt,
    correlationId,
    log: logger.child({
      topic: origin.topic,
      partition: origin.partition,
      offset: origin.offset,
      ...(event ? { type: event.type } : {}),
      ...(correlationId ? { correlationId } : {}),
    }),
  };
}

/** The short name handlers are keyed by. */
export function eventName(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1);
}

export type AnyDelivery = Delivery<ShopstreamEvent>;
