import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { defineProjection, Projection, ProjectionInvariantError } from '@shopstream/projections';
import { enqueueEvents } from '../outbox/outbox';
import { DeferredEventStore } from '../stores/deferred-events.store';
import { OrderStore } from '../stores/orders.store';
import { StockStore } from '../stores/stock.store';
import { JournaledMap } from './journaled-map';
import { react, REACTS_TO, Trigger, WorkingSet } from './order-flow-reactions';

/** Where the processor's checkpoints, duplicate guard and consumer group live. */
export const ORDER_FLOW_INSTANCE = {
  name: 'order_flow',
  schema: 'order_flow',
  groupId: 'shopstream-processor-order-flow',
} as const;

export interface ReactionLog {
  ignored(trigger: Trigger, why: string): void;
}

/**
 * The order-flow processor as a projection of the engine, so it inherits exactly-once effect: the state rows it
 * changes, the events it emits (into the outbox) and its checkpoint commit in one PostgreSQL transaction. A batch
 * locks every order and sku it touches once, decides in memory event by event, and writes once per table.
 */
export function orderFlowProcessor(codec: EventCodec<ShopstreamEvent>, log: ReactionLog): Projection {
  return defineProjection({
    name: ORDER_FLOW_INSTANCE.name,
    version: 1,
    description:
      'Reserves stock for placed orders and moves orders through payment, shipping, cancellation and refunds',
    events: REACTS_TO,
    tables: [],
    async apply(batch, sql) {
      const orderStore = new OrderStore(sql);
      const stockStore = new StockStore(sql);
      const orderIds = [...new Set(batch.map((e) => e.event.orderId))];
      const orders = await orderStore.lock(orderIds);
      const skus = new Set<string>();
      for (const o of orders.values()) for (const l of o.lines) skus.add(l.sku);
      for (const { event } of batch)
        if (event.type === 'shopstream.orders.OrderPlaced') for (const l of event.lines) skus.add(l.sku);
      const set: WorkingSet = {
        orders: new JournaledMap(orders),
        stock: new JournaledMap(await stockStore.lock([...skus])),
      };
      const deferrals = new DeferredEventStore(sql);
      const emitted: ShopstreamEvent[] = [];
      const ids = new Set(batch.map((e) => e.event.metadata.eventId));
      const inBatch = (trigger: Trigger) => ids.has(trigger.metadata.eventId);
      for (const { event } of batch)
        emitted.push(...(await reactWithDeferrals(event, inBatch, set, deferrals, codec, log)));
      await orderStore.save([...set.orders.values()]);
      await stockStore.save([...set.stock.values()]);
      await enqueueEvents(sql, codec, emitted);
    },
  });
}

async function reactWithDeferrals(
  trigger: Trigger,
  inBatch: (trigger: Trigger) => boolean,
  set: WorkingSet,
  deferrals: DeferredEventStore,
  codec: EventCodec<ShopstreamEvent>,
  log: ReactionLog,
): Promise<ShopstreamEvent[]> {
  const before = set.orders.get(trigger.orderId)?.status;
  const reaction = react(trigger, set);
  if (reaction.kind === 'deferred') {
    // The payment raced ahead of the confirmation (different topics, different partitions): keep it for later.
    await deferrals.defer(trigger.orderId, trigger.metadata.eventId, await codec.encode(trigger));
    return [];
  }
  if (reaction.kind === 'ignored') {
    log.ignored(trigger, reaction.why);
    return [];
  }
  if (reaction.kind === 'settled') return [];
  if (reaction.kind === 'unapplied') {
    const why = `${trigger.type} ${trigger.metadata.eventId} of order ${trigger.orderId}: ${reaction.why}`;
    // A replayed deferral is not a record of this batch, so it can't be parked by its id: it is logged instead.
    if (!inBatch(trigger)) {
      log.ignored(trigger, `not applied: ${why}`);
      return [];
    }
    throw new ProjectionInvariantError(why, trigger.metadata.eventId);
  }
  const events = [...reaction.events];
  const after = set.orders.get(trigger.orderId)?.status;
  if (before === 'PENDING' && after !== 'PENDING') {
    for (const value of await deferrals.take(trigger.orderId)) {
      const replay = (await codec.decode(value)) as Trigger;
      events.push(...(await reactWithDeferrals(replay, inBatch, set, deferrals, codec, log)));
    }
  }
  return events;
}
