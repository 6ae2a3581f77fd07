import { byKey } from '../by-key';
import { defineProjection } from '@shopstream/projections';
import { foldTopSearches, TOP_SEARCHES_EVENTS } from './top-searches.fold';
import { TOP_SEARCHES_TABLE } from './top-searches.table';
import { ANALYTICS_BATCH_WINDOW_MS } from '../analytics-window';

/** How often each normalized search was run per UTC day, and how often it found nothing. */
export const topSearchesProjection = defineProjection({
  name: 'top_searches',
  version: 1,
  durability: 'log-derived',
  batchWindowMs: ANALYTICS_BATCH_WINDOW_MS,
  writeOnly: true,
  description: 'Searches and zero-result searches per normalized query and UTC day',
  events: TOP_SEARCHES_EVENTS,
  tables: [TOP_SEARCHES_TABLE],
  async apply(batch, sql) {
    const changes = byKey(foldTopSearches(batch), (c) => `${c.day}|${c.query}`);
    if (changes.length === 0) return;
    await sql.query(
      `insert into top_searches (day, query_normalized, searches, zero_result_searches, last_searched_at)
       select * from unnest($1::date[], $2::text[], $3::bigint[], $4::bigint[], $5::timestamptz[])
       on conflict (day, query_normalized) do update set
         searches = top_searches.searches + excluded.searches,
         zero_result_searches = top_searches.zero_result_searches + excluded.zero_result_searches,
         last_searched_at = greatest(top_searches.last_searched_at, excluded.last_searched_at)`,
      [
        changes.map((c) => c.day),
        changes.map((c) => c.query),
        changes.map((c) => c.searches),
        changes.map((c) => c.zeroResults),
        changes.map((c) => new Date(c.lastAt).toISOString()),
      ],
    );
  },
});
