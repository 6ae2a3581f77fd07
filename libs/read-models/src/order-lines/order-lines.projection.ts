import { defineProjection } from '@shopstream/projections';
import { foldOrderLines } from './order-lines.fold';
import { writeOrderLines } from './order-lines.write';

/** One row per line of every order, as placed. */
export const orderLinesProjection = defineProjection({
  name: 'order_lines',
  version: 1,
  durability: 'log-derived',
  idempotent: true,
  writeOnly: true,
  description: 'Lines of every order as placed: sku, quantity, unit price and line total',
  events: ['shopstream.orders.OrderPlaced'],
  tables: [
    {
      name: 'order_lines',
      ddl: `create table order_lines (
        order_id text not null,
        line_no int not null,
        sku text not null,
        quantity int not null,
        unit_price_minor bigint not null,
        line_total_minor bigint not null,
        currency text not null,
        primary key (order_id, line_no)
      )`,
      indexes: ['create index if not exists order_lines_sku on order_lines (sku)'],
    },
  ],
  async apply(batch, sql) {
    await writeOrderLines(sql, foldOrderLines(batch));
  },
});
