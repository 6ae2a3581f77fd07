import { byKey } from '../by-key';
import { defineProjection } from '@shopstream/projections';
import { BEHAVIOUR_FUNNEL_DAILY_TABLE, SESSION_CARTS_TABLE } from './behaviour-funnel-daily.table';
import { BEHAVIOUR_FUNNEL_EVENTS, foldBehaviourFunnel } from './behaviour-funnel-daily.fold';
import { loadSessionCarts, saveSessionCarts } from './session-carts';
import { ANALYTICS_BATCH_WINDOW_MS } from '../analytics-window';

/** Views, cart adds, checkouts and orders per sku and UTC day, with orders per view as conversion. */
export const behaviourFunnelDailyProjection = defineProjection({
  name: 'behaviour_funnel_daily',
  version: 1,
  durability: 'log-derived',
  batchWindowMs: ANALYTICS_BATCH_WINDOW_MS,
  description: 'Daily product funnel per sku: views, cart adds, checkouts, orders and conversion',
  events: BEHAVIOUR_FUNNEL_EVENTS,
  tables: [BEHAVIOUR_FUNNEL_DAILY_TABLE, SESSION_CARTS_TABLE],
  async apply(batch, sql) {
    const sessionIds = new Set<string>();
    for (const { event } of batch) {
      if (
        event.type === 'shopstream.orders.OrderPlaced' ||
        event.type === 'shopstream.behaviour.ProductViewed'
      )
        continue;
      sessionIds.add(event.sessionId);
    }
    const folded = foldBehaviourFunnel(batch, await loadSessionCarts(sql, [...sessionIds]));
    await saveSessionCarts(sql, folded.carts);
    const changes = byKey(folded.changes, (c) => `${c.day}|${c.sku}`);
    if (changes.length === 0) return;
    await sql.query(
      `insert into behaviour_funnel_daily (day, sku, views, cart_adds, checkouts, orders)
       select * from unnest($1::date[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[])
       on conflict (day, sku) do update set
         views = behaviour_funnel_daily.views + excluded.views,
         cart_adds = behaviour_funnel_daily.cart_adds + excluded.cart_adds,
         checkouts = behaviour_funnel_daily.checkouts + excluded.checkouts,
         orders = behaviour_funnel_daily.orders + excluded.orders`,
      [
        changes.map((c) => c.day),
        changes.map((c) => c.sku),
        changes.map((c) => c.views),
        changes.map((c) => c.cartAdds),
        changes.map((c) => c.checkouts),
        changes.map((c) => c.orders),
      ],
    );
  },
});
