import { ProjectionTable } from '@shopstream/projections';

export interface SalesOrderBookTables {
  readonly orders: string;
  readonly lines: string;
}

/**
 * The orders a sales projection has seen placed, kept so a later payment or refund can be spread over the lines.
 * Named after the projection that owns them: every table is published as read_models.<name>, so two projections
 * with a table of the same name would overwrite each other's view.
 */
export const salesOrderBookTables = (owner: string): SalesOrderBookTables => ({
  orders: `${owner}_orders`,
  lines: `${owner}_order_lines`,
});

export const salesOrderBookDdl = (tables: SalesOrderBookTables): ProjectionTable[] => [
  {
    name: tables.orders,
    ddl: `create table ${tables.orders} (
      order_id text primary key,
      currency text not null,
      paid_minor bigint,
      refunded_minor bigint not null default 0
    )`,
  },
  {
    name: tables.lines,
    ddl: `create table ${tables.lines} (
      order_id text not null,
      line_no integer not null,
      sku text not null,
      quantity bigint not null,
      unit_price_minor bigint not null,
      primary key (order_id, line_no)
    )`,
  },
];
