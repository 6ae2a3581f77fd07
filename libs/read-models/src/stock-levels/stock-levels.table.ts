import { ProjectionTable } from '@shopstream/projections';

/*
 * on_hand and available are derived from the running totals rather than stored beside them, so conservation
 * (received + adjusted - committed = on hand) holds by construction instead of by every writer's care. A stored
 * generated column cannot read another generated column, hence the repeated expression.
 */
export const STOCK_LEVELS_TABLE: ProjectionTable = {
  name: 'stock_levels',
  ddl: `create table stock_levels (
    sku text primary key,
    received_total bigint not null,
    adjusted_total bigint not null,
    committed_total bigint not null,
    on_hand bigint generated always as (received_total + adjusted_total - committed_total) stored,
    reserved bigint not null,
    available bigint generated always as (received_total + adjusted_total - committed_total - reserved) stored,
    threshold bigint,
    low_stock boolean generated always as (
      coalesce(received_total + adjusted_total - committed_total - reserved < threshold, false)
    ) stored,
    updated_at timestamptz not null,
    version bigint not null
  )`,
};
