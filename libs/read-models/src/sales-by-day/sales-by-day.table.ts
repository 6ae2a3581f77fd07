import { ProjectionTable } from '@shopstream/projections';

/** Gross revenue is the value of the lines paid (shipping and tax are not sales); refunds are the money returned. */
export const SALES_BY_DAY_TABLE: ProjectionTable = {
  name: 'sales_by_day',
  ddl: `create table sales_by_day (
    day date not null,
    currency text not null,
    orders_paid bigint not null,
    units_sold bigint not null,
    gross_revenue_minor bigint not null,
    refunds_minor bigint not null,
    net_revenue_minor bigint generated always as (gross_revenue_minor - refunds_minor) stored,
    primary key (day, currency)
  )`,
};
