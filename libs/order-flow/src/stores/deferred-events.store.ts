import { SqlExecutor } from '@shopstream/database';

/**
 * All the SQL on order_flow.deferred_events: payments that raced ahead of their order's confirmation (different
 * topics, different partitions), kept encoded until the order leaves PENDING.
 */
export class DeferredEventStore {
  constructor(private readonly sql: SqlExecutor) {}

  /** Keeps an encoded event for later; keeping the same event twice keeps it once. */
  async defer(orderId: string, eventId: string, value: Buffer): Promise<void> {
    await this.sql.query(
      'insert into order_flow.deferred_events (order_id, event_id, value) values ($1, $2, $3) on conflict do nothing',
      [orderId, eventId, value],
    );
  }

  /** Removes and returns the order's deferred events, in the order they were deferred. */
  async take(orderId: string): Promise<Buffer[]> {
    const rows = await this.sql.query<{ value: Buffer }>(
      `with taken as (delete from order_flow.deferred_events where order_id = $1 returning value, deferred_at)
       select value from taken order by deferred_at`,
      [orderId],
    );
    return rows.map((r) => r.value);
  }
}
