import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { defineProjection, park, Projection, ProjectionInvariantError } from '@shopstream/projections';
import { SqlExecutor } from '@shopstream/database';
import { enqueueEvents } from '../outbox/outbox';
import { DeferredEventStore, LogPosition } from '../stores/deferred-events.store';
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
  /** A replayed deferral the order could no longer take, parked in the processor's dead letters. */
  parked?(trigger: Trigger, why: string): void;
}

const VERSION = 1;

/**
 * The order-flow processor as a projection of the engine, so it inherits exactly-once effect: the state rows it
 * changes, the events it emits (into the outbox) and its checkpoint commit in one PostgreSQL transaction. A batch
 * locks every order and sku it touches once, decides in memory event by event, and writes once per table.
 */
export function orderFlowProcessor(codec: EventCodec<ShopstreamEvent>, log: ReactionLog): Projection {
  return defineProjection({
    name: ORDER_FLOW_INSTANCE.name,
    version: VERSION,
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
        stock: new JournaledMap(await stockStore.lock([...skus], orderIds)),
      };
      const context: DeferralContext = { sql, set, deferrals: new DeferredEventStore(sql), codec, log };
      const emitted: ShopstreamEvent[] = [];
      for (const { event, topic, partition, offset, key } of batch) {
        const origin: Origin = { kind: 'batch', position: { topic, partition, offset, key } };
        emitted.push(...(await reactWithDeferrals(event, origin, context)));
      }
      await orderStore.save([...set.orders.values()]);
      await stockStore.save([...set.stock.values()], orderIds);
      await enqueueEvents(sql, codec, emitted);
    },
  });
}

interface DeferralContext {
  readonly sql: SqlExecutor;
  readonly set: WorkingSet;
  readonly deferrals: DeferredEventStore;
  readonly codec: EventCodec<ShopstreamEvent>;
  readonly log: ReactionLog;
}

/**
 * Where a trigger comes from: a record of this batch, or a deferred payment replayed now that its order left
 * PENDING, whose record an earlier batch read (its position null when it was deferred before positions were kept).
 */
type Origin =
  | { readonly kind: 'batch'; readonly position: LogPosition }
  | { readonly kind: 'replay'; readonly position: LogPosition | null };

async function reactWithDeferrals(
  trigger: Trigger,
  origin: Origin,
  context: DeferralContext,
): Promise<ShopstreamEvent[]> {
  const { set, deferrals, codec, log } = context;
  const before = set.orders.get(trigger.orderId)?.status;
  const reaction = react(trigger, set);
  if (reaction.kind === 'deferred') {
    // The payment raced ahead of the confirmation (different topics, different partitions): keep it for later.
    // A replay can't be deferred again: its order has left PENDING.
    if (origin.kind === 'batch')
      await deferrals.defer(
        trigger.orderId,
        trigger.metadata.eventId,
        await codec.encode(trigger),
        origin.position,
      );
    return [];
  }
  if (reaction.kind === 'ignored') {
    log.ignored(trigger, reaction.why);
    return [];
  }
  if (reaction.kind === 'settled') return [];
  if (reaction.kind === 'unapplied') {
    const why = `${trigger.type} ${trigger.metadata.eventId} of order ${trigger.orderId}: ${reaction.why}`;
    if (origin.kind === 'batch') throw new ProjectionInvariantError(why, trigger.metadata.eventId);
    await parkReplayed(trigger, origin.position, why, context);
    return [];
  }
  const events = [...reaction.events];
  const after = set.orders.get(trigger.orderId)?.status;
  if (before === 'PENDING' && after !== 'PENDING') {
    for (const deferred of await deferrals.take(trigger.orderId)) {
      const replay = (await codec.decode(deferred.value)) as Trigger;
      const origin: Origin = { kind: 'replay', position: deferred.position };
      events.push(...(await reactWithDeferrals(replay, origin, context)));
    }
  }
  return events;
}

/**
 * A replayed deferral is not a record of this batch, so the engine can't park it by its id: it is parked here, at
 * the position it was read from, in this batch's transaction (so it is parked exactly when the order's change
 * commits). Its ledger entry goes, so a redrive applies it again instead of skipping it as already seen.
 */
async function parkReplayed(
  trigger: Trigger,
  position: LogPosition | null,
  why: string,
  { sql, codec, log }: DeferralContext,
): Promise<void> {
  if (!position) {
    log.ignored(trigger, `not applied, deferred without its position so it can't be parked: ${why}`);
    return;
  }
  await park(sql, ORDER_FLOW_INSTANCE.name, VERSION, [
    {
      ...position,
      value: await codec.encode(trigger),
      errorCode: new ProjectionInvariantError(why).code,
      message: why,
    },
  ]);
  await sql.query('delete from order_flow.applied_events where event_id = $1', [trigger.metadata.eventId]);
  log.parked?.(trigger, why);
}
