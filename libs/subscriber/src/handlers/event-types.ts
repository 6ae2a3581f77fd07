import type { ShopstreamEvent } from '@shopstream/events';

/** Wire name of any event generated from `schemas/`, e.g. `shopstream.orders.OrderPlaced`. */
export type WireName = ShopstreamEvent['type'];

/** The topic an event is published on: its wire name without the event's own name. */
type TopicOfWireName<W extends string> = W extends `${infer Prefix}.${infer Context}.${string}`
  ? `${Prefix}.${Context}`
  : never;

/** A topic the generated types know, e.g. `shopstream.orders`. */
export type KnownTopic = TopicOfWireName<WireName>;

/** The short name handlers are keyed by: `OrderPlaced` for `shopstream.orders.OrderPlaced`. */
export type EventName<W extends string> = W extends `${string}.${string}.${infer Name}` ? Name : never;

/** Every event published on `T`, at its latest schema version. */
export type EventsOnTopic<T extends KnownTopic> = Extract<ShopstreamEvent, { type: `${T}.${string}` }>;

/**
 * A topic to subscribe to: a known topic by name, or a topic under another name that carries the events of a
 * known one (a copy in a test, an environment-prefixed topic).
 */
export type TopicRef = KnownTopic | { readonly name: string; readonly carries: KnownTopic };

type Carried<R> = R extends KnownTopic
  ? R
  : R extends { readonly carries: infer C extends KnownTopic }
    ? C
    : never;

/** The events that can arrive on a list of topics. */
export type EventsOf<Topics extends readonly TopicRef[]> = EventsOnTopic<Carried<Topics[number]>>;

/** The event with short name `N` among `E`. */
export type EventNamed<E extends ShopstreamEvent, N extends string> = Extract<
  E,
  { type: `${string}.${string}.${N}` }
>;
