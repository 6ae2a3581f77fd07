import { SqlExecutor } from '@shopstream/database';

/** Where a deferred event's record sits in the log. */
export interface LogPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
}

export interface DeferredEvent {
  readonly value: Buffer;
  /** Null for an event deferred before positions were kept. */
  readonly position: LogPosition | null;
}

/**
 * All the SQL on order_flow.deferred_events: payments that raced ahead of their order's confirmation (different
 * topics, different partitions), kept encoded with their position until the order leaves PENDING.
 */
export class DeferredEventStore {
  constructor(private readonly sql: SqlExecutor) {}

  /** Keeps an encoded event for later; keeping the same event twice keeps it once. */
  async defer(orderId: string, eventId: string, value: Buffer, position: LogPosition): Promise<void> {
    await this.sql.query(
      `insert into order_flow.deferred_events (order_id, event_id, value, topic, partition, "offset", key)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing`,
      [orderId, eventId, value, position.topic, position.partition, position.offset, position.key],
    );
  }

  /** Removes and returns the order's deferred events, in the order they were deferred. */
  async take(orderId: string): Promise<DeferredEvent[]> {
    const rows = await this.sql.query<{
      value: Buffer;
      topic: string | null;
      partition: number | null;
      offset: string | null;
      key: string | null;
    }>(
      `with taken as (delete from order_flow.deferred_events where order_id = $1
         returning value, topic, partition, "offset", key, deferred_at)
       select value, topic, partition, "offset"::text as "offset", key from taken
       order by deferred_at, topic, partition, "offset"`,
      [orderId],
    );
    return rows.map((r) => ({
      value: r.value,
      position:
        r.topic !== null && r.partition !== null && r.offset !== null
          ? { topic: r.topic, partition: r.partition, offset: r.offset, key: r.key }
          : null,
    }));
  }
}
