import { OrderState } from '@shopstream/orders';
import { SqlExecutor } from '@shopstream/database';

/**
 * All the SQL on order_flow.orders: the write side's state of each order. `lock` takes row locks in key order
 * (orders before stock, each sorted), the one order every transaction follows, so two deciders never wait on each
 * other in a cycle.
 */
export class OrderStore {
  constructor(private readonly sql: SqlExecutor) {}

  async lock(orderIds: readonly string[]): Promise<Map<string, OrderState>> {
    if (orderIds.length === 0) return new Map();
    const rows = await this.sql.query<{ order_id: string; state: OrderState }>(
      'select order_id, state from order_flow.orders where order_id = any($1::text[]) order by order_id for update',
      [[...new Set(orderIds)].sort()],
    );
    return new Map(rows.map((r) => [r.order_id, r.state]));
  }

  async lockOne(orderId: string): Promise<OrderState | null> {
    return (await this.lock([orderId])).get(orderId) ?? null;
  }

  /**
   * Locks up to `limit` orders confirmed longer than `timeoutMs` ago and still unpaid, oldest first. `skip locked`
   * lets several processor instances sweep without waiting on each other or on an order a payment is being recorded
   * for right now.
   */
  async lockUnpaidSince(timeoutMs: number, limit: number): Promise<OrderState[]> {
    const rows = await this.sql.query<{ state: OrderState }>(
      `select state from order_flow.orders
       where status = 'CONFIRMED' and status_changed_at < now() - make_interval(secs => $1)
       order by status_changed_at limit $2 for update skip locked`,
      [timeoutMs / 1000, limit],
    );
    return rows.map((r) => r.state);
  }

  async save(states: readonly OrderState[]): Promise<void> {
    if (states.length === 0) return;
    await this.sql.query(
      `insert into order_flow.orders (order_id, status, state, version)
       select * from unnest($1::text[], $2::text[], $3::jsonb[], $4::int[])
       on conflict (order_id) do update set
         status_changed_at = case when order_flow.orders.status = excluded.status then order_flow.orders.status_changed_at else now() end,
         status = excluded.status, state = excluded.state, version = excluded.version, updated_at = now()`,
      [
        states.map((s) => s.orderId),
        states.map((s) => s.status),
        states.map((s) => JSON.stringify(s)),
        states.map((s) => s.version),
      ],
    );
  }

  /** The customer an order belongs to, or null for an unknown order: who may cancel it with a customer token. */
  async customerOf(orderId: string): Promise<string | null> {
    const [row] = await this.sql.query<{ customer_id: string | null }>(
      "select state->>'customerId' as customer_id from order_flow.orders where order_id = $1",
      [orderId],
    );
    return row?.customer_id ?? null;
  }
}

/** The customer an order belongs to, or null when the write side has no such order (see OrderStore.customerOf). */
export function orderCustomer(sql: SqlExecutor, orderId: string): Promise<string | null> {
  return new OrderStore(sql).customerOf(orderId);
}
