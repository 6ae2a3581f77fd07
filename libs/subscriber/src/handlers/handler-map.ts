import type { ShopstreamEvent } from '@shopstream/events';
import type { EventName, EventNamed } from './event-types';
import type { Delivery, HandlerContext } from './handler-context';

/** Handles one event; a throw means "not done": it is retried, then dead-lettered. */
export type EventHandler<E> = (event: E, ctx: HandlerContext) => Promise<void>;

/** Handles a batch of events in log order (per partition), all or nothing. */
export type BatchHandler<E> = (deliveries: readonly Delivery<E>[]) => Promise<void>;

/** A handler per event, keyed by the event's short name; only events of the subscribed topics are allowed. */
export type HandlerMap<E extends ShopstreamEvent> = {
  readonly [N in EventName<E['type']>]?: EventHandler<EventNamed<E, N>>;
};
