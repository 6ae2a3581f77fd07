export { subscribe } from './subscribe/subscribe';
export { Subscription } from './subscribe/subscription';
export type {
  SubscribeOptions,
  RetryOptions,
  HandlerOptions,
  BatchOptions,
} from './subscribe/subscribe-options';
export type {
  KnownTopic,
  TopicRef,
  EventsOnTopic,
  EventsOf,
  EventName,
  WireName,
} from './handlers/event-types';
export type { HandlerContext, Delivery } from './handlers/handler-context';
export type { EventHandler, BatchHandler, HandlerMap } from './handlers/handler-map';
export { connectionFromEnvironment } from './config/subscriber-connection';
export type { SubscriberConnection, SubscriberCredentials } from './config/subscriber-connection';
export { ExactlyOnce } from './exactly-once/exactly-once';
export type {
  ExactlyOnceOptions,
  TransactionalHandler,
  TransactionalBatchHandler,
} from './exactly-once/exactly-once';
export type { KeyOrderOptions } from './key-order/key-order';
export { SubscriberMetrics } from './metrics/subscriber-metrics';
export { serveProbes } from './observe/serve-probes';
export { stopOnSignal } from './observe/stop-on-signal';
export { CORRELATION_HEADER } from './run/handler-invocation';
export { RETRY_HEADERS, originOf } from './retry/retry-headers';
export type { RecordOrigin } from './retry/retry-headers';
export {
  retryTopicName,
  deadLetterTopicName,
  retryGroupName,
  deadLetterCursorGroup,
} from './retry/retry-topics';
export { DEFAULT_BACKOFF } from './retry/backoff';
export type { BackoffPolicy } from './retry/backoff';
export * from './subscriber.errors';
export { createLogger } from '@shopstream/logging';
export type { Logger } from '@shopstream/logging';
export type * from '@shopstream/events';
export * from './dead-letters/dead-letter-topics';
export * from './dead-letters/dead-letters.errors';
export * from './status/subscriber-status';
export { feedEvents, feedBatch } from './testing/feed-events';
export type { FeedOptions } from './testing/feed-events';
export { publishEvents } from './testing/publish-events';
