import { announcingRows, defineProjection } from '@shopstream/projections';
import { foldStockLevels, STOCK_LEVELS_EVENTS } from './stock-levels.fold';
import { STOCK_LEVELS_TABLE } from './stock-levels.table';

/** Current stock per sku: on hand, reserved, available, its low-stock threshold and the totals that explain on hand. */
export const stockLevelsProjection = defineProjection({
  name: 'stock_levels',
  version: 1,
  durability: 'log-derived',
  writeOnly: true,
  description:
    'On hand, reserved and available units per sku, with the low-stock flag and conservation totals',
  events: STOCK_LEVELS_EVENTS,
  tables: [STOCK_LEVELS_TABLE],
  async apply(batch, sql) {
    const changes = foldStockLevels(batch);
    if (changes.length === 0) return;
    // Live push shows each sku's committed row the moment the batch commits: the rows ride on the commit's own
    // notifications rather than being read back by every gateway.
    await sql.query(
      announcingRows(
        'stock_levels',
        `insert into stock_levels
         (sku, received_total, adjusted_total, committed_total, reserved, threshold, updated_at, version)
       select * from unnest(
         $1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::timestamptz[], $8::bigint[]
       )
       on conflict (sku) do update set
         received_total = stock_levels.received_total + excluded.received_total,
         adjusted_total = stock_levels.adjusted_total + excluded.adjusted_total,
         committed_total = stock_levels.committed_total + excluded.committed_total,
         reserved = stock_levels.reserved + excluded.reserved,
         threshold = coalesce(excluded.threshold, stock_levels.threshold),
         updated_at = excluded.updated_at,
         version = excluded.version
       returning sku, on_hand, reserved, available, threshold, low_stock, updated_at`,
      ),
      [
        changes.map((c) => c.sku),
        changes.map((c) => c.received),
        changes.map((c) => c.adjusted),
        changes.map((c) => c.committed),
        changes.map((c) => c.reserved),
        changes.map((c) => c.threshold),
        changes.map((c) => new Date(c.updatedAt).toISOString()),
        changes.map((c) => c.version),
      ],
    );
  },
});
