import { ProjectionTable } from '@shopstream/projections';

export const SALES_BY_PRODUCT_HOUR_TABLE: ProjectionTable = {
  name: 'sales_by_product_hour',
  ddl: `create table sales_by_product_hour (
    sku text not null,
    hour timestamptz not null,
    currency text not null,
    units_sold bigint not null,
    revenue_minor bigint not null,
    orders bigint not null,
    refunded_minor bigint not null,
    primary key (sku, hour, currency)
  )`,
};
