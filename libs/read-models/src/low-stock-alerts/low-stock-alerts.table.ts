import { ProjectionTable } from '@shopstream/projections';

export const LOW_STOCK_ALERTS_TABLE: ProjectionTable = {
  name: 'low_stock_alerts',
  ddl: `create table low_stock_alerts (
    alert_id text primary key,
    sku text not null,
    status text not null check (status in ('OPEN', 'RESOLVED')),
    threshold bigint not null,
    available_at_detection bigint not null,
    detected_at timestamptz not null,
    resolved_at timestamptz,
    available_at_resolution bigint
  )`,
  indexes: [
    'create index if not exists low_stock_alerts_sku_status on low_stock_alerts (sku, status)',
    // At most one open alert per sku: apply relies on it to know which alert a replenishment resolves.
    `create unique index if not exists low_stock_alerts_one_open_per_sku on low_stock_alerts (sku) where status = 'OPEN'`,
  ],
};
