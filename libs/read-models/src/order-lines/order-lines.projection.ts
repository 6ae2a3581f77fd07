import { OrderPlaced } from '@shopstream/events';
import { defineProjection, ProjectionInvariantError } from '@shopstream/projections';
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
    // An order's lines come from its latest placement only, so a second OrderPlaced (new event id) replaces them.
    const latest = new Map<string, OrderPlaced>();
    for (const { event } of batch) {
      switch (event.type) {
        case 'shopstream.orders.OrderPlaced':
          latest.set(event.orderId, event);
          break;
        default: {
          const unreachable: never = event.type;
          throw new ProjectionInvariantError(`order_lines does not handle ${String(unreachable)}`);
        }
      }
    }
    await writeOrderLines(sql, [...latest.values()]);
  },
});
