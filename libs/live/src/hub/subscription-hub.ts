import { ChannelSource, keyOf, shows, sourceOf } from '../protocol/channel';
import { Delivery } from './delivery';
import { Subscription } from './subscription';

interface SourceSubscribers {
  readonly byKey: Map<string, Set<Subscription>>;
  /** Subscriptions that follow no single key: the stock board, a customer's orders, the alerts. */
  readonly all: Set<Subscription>;
}

/** Which subscriptions of this gateway want which key: the feed asks it what to read and hands it what to push. */
export class SubscriptionHub {
  private readonly sources = new Map<ChannelSource, SourceSubscribers>();

  add(subscription: Subscription): void {
    const subscribers = this.of(sourceOf(subscription.channel));
    const key = keyOf(subscription.channel);
    if (key === null) {
      subscribers.all.add(subscription);
      return;
    }
    let set = subscribers.byKey.get(key);
    if (!set) subscribers.byKey.set(key, (set = new Set()));
    set.add(subscription);
  }

  remove(subscription: Subscription): void {
    subscription.close();
    const subscribers = this.of(sourceOf(subscription.channel));
    const key = keyOf(subscription.channel);
    if (key === null) {
      subscribers.all.delete(subscription);
      return;
    }
    const set = subscribers.byKey.get(key);
    set?.delete(subscription);
    if (set?.size === 0) subscribers.byKey.delete(key);
  }

  /** The keys among `keys` someone here follows: the feed reads only their state. */
  wanted(source: ChannelSource, keys: Iterable<string>): string[] {
    const subscribers = this.of(source);
    const unique = [...new Set(keys)];
    return subscribers.all.size > 0 ? unique : unique.filter((k) => subscribers.byKey.has(k));
  }

  deliver(source: ChannelSource, deliveries: readonly Delivery[]): void {
    const subscribers = this.of(source);
    for (const delivery of deliveries) {
      for (const subscription of subscribers.byKey.get(delivery.key) ?? []) subscription.offer(delivery);
      for (const subscription of subscribers.all)
        if (shows(subscription.channel, delivery.data)) subscription.offer(delivery);
    }
  }

  /** Every subscription of a source, for a new epoch: each needs a fresh snapshot. */
  subscriptionsOf(source: ChannelSource): Subscription[] {
    const subscribers = this.of(source);
    return [...subscribers.all, ...[...subscribers.byKey.values()].flatMap((set) => [...set])];
  }

  private of(source: ChannelSource): SourceSubscribers {
    let subscribers = this.sources.get(source);
    if (!subscribers) this.sources.set(source, (subscribers = { byKey: new Map(), all: new Set() }));
    return subscribers;
  }
}
