import { inTransaction } from '@shopstream/database';
import { DataSource } from 'typeorm';
import { EventCodec, newEventId, ShopstreamEvent } from '@shopstream/events';
import * as orders from '@shopstream/orders';
import { enqueueEvents } from '../outbox/outbox';
import { OrderFlowStore } from '../state/order-flow-store';
import { PROCESSOR } from './order-flow-reactions';

/**
 * Cancels confirmed orders that were not paid within `timeoutMs` (their stock is then released by the processor's
 * reaction to OrderCancelled). `skip locked` lets several processor instances sweep without waiting on each other
 * or on an order a payment is being recorded for right now. Returns how many it cancelled.
 */
export async function expireUnpaidOrders(
  dataSource: DataSource,
  codec: EventCodec<ShopstreamEvent>,
  timeoutMs: number,
  limit = 200,
): Promise<number> {
  return inTransaction(dataSource, async (sql) => {
    const due = await sql.query<{ state: orders.OrderState }>(
      `select state from order_flow.orders
       where status = 'CONFIRMED' and status_changed_at < now() - make_interval(secs => $1)
       order by status_changed_at limit $2 for update skip locked`,
      [timeoutMs / 1000, limit],
    );
    const events: ShopstreamEvent[] = [];
    const states: orders.OrderState[] = [];
    for (const { state } of due) {
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
    await new OrderFlowStore(sql).saveOrders(states);
    await enqueueEvents(sql, codec, events);
    return states.length;
  });
}
