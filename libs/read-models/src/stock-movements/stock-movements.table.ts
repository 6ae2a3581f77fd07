import { ProjectionTable } from '@shopstream/projections';

/** The inventory ledger: one row per quantity-changing event, with where it sits in the log. */
export const STOCK_MOVEMENTS_TABLE: ProjectionTable = {
  name: 'stock_movements',
  ddl: `create table stock_movements (
    event_id text primary key,
    sku text not null,
    movement text not null check (movement in ('RECEIVED', 'ADJUSTED', 'RESERVED', 'RELEASED', 'COMMITTED')),
    on_hand_delta bigint not null,
    reserved_delta bigint not null,
    order_id text,
    reason text,
    occurred_at timestamptz not null,
    topic text not null,
    partition integer not null,
    "offset" bigint not null
  )`,
  indexes: [
    'create index if not exists stock_movements_sku_occurred_at on stock_movements (sku, occurred_at)',
  ],
};
