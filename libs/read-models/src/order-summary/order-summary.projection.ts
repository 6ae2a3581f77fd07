import { ORDERS_EVENT_TYPES } from '@shopstream/events';
import { defineProjection } from '@shopstream/projections';
import { foldOrderSummaries } from './order-summary.fold';
import { writeOrderSummaries } from './order-summary.write';

/**
 * One row per order with its current status, money and the time it reached each status.
 *
 * An event whose OrderPlaced was never seen (OrderPaid alone) still makes a row: every orders event carries the
 * order id, so the row can say what is known (status, the times, refunds, version) with the placement columns null,
 * and an OrderPlaced that turns up later fills them in. Parking it instead would hide the order from everyone who
 * reads this table and park every later event of that order as well.
 */
export const orderSummaryProjection = defineProjection({
  name: 'order_summary',
  version: 1,
  durability: 'log-derived',
  writeOnly: true,
  description: 'Current status, totals and status times of every order',
  events: ORDERS_EVENT_TYPES,
  tables: [
    {
      name: 'order_summary',
      ddl: `create table order_summary (
        order_id text primary key,
        customer_id text,
        status text not null,
        currency text,
        subtotal_minor bigint,
        shipping_minor bigint,
        tax_minor bigint,
        total_minor bigint,
        channel text,
        line_count int,
        item_count int,
        placed_at timestamptz,
        confirmed_at timestamptz,
        rejected_at timestamptz,
        paid_at timestamptz,
        shipped_at timestamptz,
        delivered_at timestamptz,
        cancelled_at timestamptz,
        refunded_at timestamptz,
        rejection_reason text,
        cancellation_reason text,
        cancelled_by text,
        refunded_minor bigint not null default 0,
        version int not null,
        updated_at timestamptz not null
      )`,
      indexes: [
        'create index if not exists order_summary_customer_id on order_summary (customer_id)',
        'create index if not exists order_summary_status on order_summary (status)',
        // The query side lists orders newest first by (placed_at, order_id), its cursor: read in index order.
        'create index if not exists order_summary_placed_at on order_summary (placed_at, order_id)',
      ],
    },
  ],
  async apply(batch, sql) {
    await writeOrderSummaries(sql, foldOrderSummaries(batch));
  },
});
