import { inTransaction } from '@shopstream/database';
import { DataSource } from 'typeorm';
import { EventCodec, newEventId, ShopstreamEvent } from '@shopstream/events';
import * as orders from '@shopstream/orders';
import { enqueueEvents } from '../outbox/outbox';
import { OrderStore } from '../stores/orders.store';
import { PROCESSOR } from './order-flow-reactions';

/**
 * Cancels confirmed orders that were not paid within `timeoutMs` (their stock is then released by the processor's
 * reaction to OrderCancelled); several processor instances sweep side by side (see OrderStore.lockUnpaidSince).
 * Returns how many it cancelled.
 */
export async function expireUnpaidOrders(
  dataSource: DataSource,
  codec: EventCodec<ShopstreamEvent>,
  timeoutMs: number,
  limit = 200,
): Promise<number> {
  return inTransaction(dataSource, async (sql) => {
    const store = new OrderStore(sql);
    const due = await store.lockUnpaidSince(timeoutMs, limit);
    const events: ShopstreamEvent[] = [];
    const states: orders.OrderState[] = [];
    for (const state of due) {
      const ctx: orders.EventContext = {
        now: Date.now(),
        newEventId,
        correlationId: `payment-timeout-${state.orderId}`,
        causationId: null,
        producer: PROCESSOR,
      };
      const emitted = orders.decide(state, { type: 'ExpirePayment', orderId: state.orderId }, ctx);
      events.push(...emitted);
      states.push(orders.evolveAll(emitted, state)!);
    }
    await store.save(states);
    await enqueueEvents(sql, codec, events);
    return states.length;
  });
}
