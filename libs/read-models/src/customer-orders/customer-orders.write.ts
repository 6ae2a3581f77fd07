import { SqlExecutor } from '@shopstream/database';
import { CustomerLifetimeDelta, CustomerOrdersChanges } from './customer-orders.fold';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The customer of each stored order among `orderIds`: one query for the batch. */
export async function customersOfOrders(
  sql: SqlExecutor,
  orderIds: readonly string[],
): Promise<Map<string, string>> {
  const rows = await sql.query<{ order_id: string; customer_id: string }>(
    'select order_id, customer_id from customer_orders where order_id = any($1::text[])',
    [orderIds],
  );
  return new Map(rows.map((r) => [r.order_id, r.customer_id]));
}

/** At most three statements for the batch, whatever its size: new orders, status moves, lifetime figures. */
export async function writeCustomerOrders(sql: SqlExecutor, changes: CustomerOrdersChanges): Promise<void> {
  const { placed, statuses } = changes;
  if (placed.length > 0) {
    await sql.query(
      `insert into customer_orders (customer_id, order_id, placed_at, status, total_minor, currency)
       select * from unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::bigint[], $6::text[])`,
      [
        placed.map((r) => r.customerId),
        placed.map((r) => r.orderId),
        placed.map((r) => iso(r.placedAt)),
        placed.map((r) => r.status),
        placed.map((r) => r.totalMinor),
        placed.map((r) => r.currency),
      ],
    );
  }
  if (statuses.length > 0) {
    await sql.query(
      `update customer_orders c set status = u.status
       from unnest($1::text[], $2::text[], $3::text[]) as u(customer_id, order_id, status)
       where c.customer_id = u.customer_id and c.order_id = u.order_id`,
      [statuses.map((s) => s.customerId), statuses.map((s) => s.orderId), statuses.map((s) => s.status)],
    );
  }
  await writeLifetimes(sql, changes.lifetimes);
}

async function writeLifetimes(sql: SqlExecutor, deltas: readonly CustomerLifetimeDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  // One customer's orders sit on many partitions, so batches of two partitions may update the same lifetime row
  // at once: adding deltas (never overwriting) keeps both, and a fixed key order keeps them from deadlocking.
  const sorted = [...deltas].sort((a, b) =>
    a.customerId === b.customerId ? (a.currency < b.currency ? -1 : 1) : a.customerId < b.customerId ? -1 : 1,
  );
  await sql.query(
    `insert into customer_lifetime
       (customer_id, currency, order_count, paid_count, lifetime_value_minor, first_order_at, last_order_at)
     select * from unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::bigint[], $6::timestamptz[],
                          $7::timestamptz[])
     on conflict (customer_id, currency) do update set
       order_count = customer_lifetime.order_count + excluded.order_count,
       paid_count = customer_lifetime.paid_count + excluded.paid_count,
       lifetime_value_minor = customer_lifetime.lifetime_value_minor + excluded.lifetime_value_minor,
       first_order_at = least(customer_lifetime.first_order_at, excluded.first_order_at),
       last_order_at = greatest(customer_lifetime.last_order_at, excluded.last_order_at)`,
    [
      sorted.map((d) => d.customerId),
      sorted.map((d) => d.currency),
      sorted.map((d) => d.orderCount),
      sorted.map((d) => d.paidCount),
      sorted.map((d) => d.valueMinor),
      sorted.map((d) => iso(d.firstOrderAt)),
      sorted.map((d) => iso(d.lastOrderAt)),
    ],
  );
}
