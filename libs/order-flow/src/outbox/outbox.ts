import { SqlExecutor } from '@shopstream/database';
import { EventCodec, eventIdOf, eventKey, ShopstreamEvent } from '@shopstream/events';
import { OUTBOX_CHANNEL } from './outbox-store';

export { OUTBOX_CHANNEL, PUBLISHED_CHANNEL } from './outbox-store';

/**
 * Stores events in the outbox inside the caller's transaction: they are published if and only if the transaction
 * commits. Encoding happens here, so an invalid event or an unreachable registry fails the command, not the relay.
 */
export async function enqueueEvents(
  sql: SqlExecutor,
  codec: EventCodec<ShopstreamEvent>,
  events: readonly ShopstreamEvent[],
): Promise<string[]> {
  if (events.length === 0) return [];
  const values = await Promise.all(events.map((e) => codec.encode(e)));
  const rows = await sql.query<{ id: string }>(
    `insert into order_flow.outbox (event_id, event_type, topic, key, value)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[]) returning id`,
    [
      events.map(eventIdOf),
      events.map((e) => e.type),
      events.map((e) => codec.topicOf(e)),
      events.map(eventKey),
      values,
    ],
  );
  // Delivered at commit: wakes the relay at once instead of at its next poll.
  await sql.query(`select pg_notify('${OUTBOX_CHANNEL}', '')`);
  return rows.map((r) => String(r.id));
}
