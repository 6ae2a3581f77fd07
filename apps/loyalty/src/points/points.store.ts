import type { ClientBase, Pool } from 'pg';
import { OrderUnknownError } from './points.errors';

/** One change of a customer's points, from one event. */
export interface PointsEntry {
  readonly eventId: string;
  readonly orderId: string;
  readonly points: number;
  readonly occurredAt: number;
}

/**
 * The loyalty schema's tables and all their SQL: which customer placed each order (payments name only the order),
 * and the points ledger, one row per paying or refunding event.
 */
export class PointsStore {
  constructor(private readonly schema: string) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      throw new Error(`LOYALTY_SCHEMA "${schema}" must be a lower-case PostgreSQL identifier`);
  }

  async migrate(db: ClientBase | Pool): Promise<void> {
    // Even with IF NOT EXISTS, CREATE SCHEMA needs the database's CREATE privilege, which a team's role usually
    // lacks: its schema is made for it, so look first.
    const { rows } = await db.query<{ found: string | null }>('SELECT to_regnamespace($1)::text AS found', [
      this.schema,
    ]);
    if (!rows[0]?.found) await db.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
    await db.query(
      `CREATE TABLE IF NOT EXISTS ${this.schema}.order_customers (
         order_id text PRIMARY KEY,
         customer_id text NOT NULL
       )`,
    );
    await db.query(
      `CREATE TABLE IF NOT EXISTS ${this.schema}.points_ledger (
         event_id text PRIMARY KEY,
         customer_id text NOT NULL,
         order_id text NOT NULL,
         points integer NOT NULL,
         occurred_at timestamptz NOT NULL
       )`,
    );
    await db.query(
      `CREATE INDEX IF NOT EXISTS points_ledger_customer ON ${this.schema}.points_ledger (customer_id)`,
    );
  }

  async rememberOrders(
    tx: ClientBase,
    orders: readonly { orderId: string; customerId: string }[],
  ): Promise<void> {
    if (orders.length === 0) return;
    await tx.query(
      `INSERT INTO ${this.schema}.order_customers (order_id, customer_id)
       SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (order_id) DO NOTHING`,
      [orders.map((o) => o.orderId), orders.map((o) => o.customerId)],
    );
  }

  /**
   * Adds ledger rows for orders whose customer is known; an order never placed fails the whole batch. An event id
   * seen twice fails too: the exactly-once helper is what keeps redeliveries out, and a gap in it must show.
   */
  async addEntries(tx: ClientBase, entries: readonly PointsEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const { rows } = await tx.query<{ order_id: string }>(
      `WITH entry AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[])
           AS e(event_id, order_id, points, occurred_ms)
       ), inserted AS (
         INSERT INTO ${this.schema}.points_ledger (event_id, customer_id, order_id, points, occurred_at)
         SELECT e.event_id, o.customer_id, e.order_id, e.points, to_timestamp(e.occurred_ms / 1000.0)
         FROM entry e JOIN ${this.schema}.order_customers o USING (order_id)
         RETURNING order_id
       )
       SELECT e.order_id FROM entry e
       WHERE NOT EXISTS (SELECT 1 FROM ${this.schema}.order_customers o WHERE o.order_id = e.order_id)`,
      [
        entries.map((e) => e.eventId),
        entries.map((e) => e.orderId),
        entries.map((e) => e.points),
        entries.map((e) => e.occurredAt),
      ],
    );
    if (rows.length) throw new OrderUnknownError(rows.map((r) => r.order_id));
  }

  async balance(db: Pool, customerId: string): Promise<{ points: number; entries: number }> {
    const { rows } = await db.query<{ points: string; entries: string }>(
      `SELECT coalesce(sum(points), 0) AS points, count(*) AS entries
       FROM ${this.schema}.points_ledger WHERE customer_id = $1`,
      [customerId],
    );
    return { points: Number(rows[0]?.points ?? 0), entries: Number(rows[0]?.entries ?? 0) };
  }
}
