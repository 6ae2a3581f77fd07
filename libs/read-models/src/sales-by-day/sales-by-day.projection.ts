import { byKey } from '../by-key';
import { defineProjection } from '@shopstream/projections';
import { SALES_EVENTS } from '../sales-by-product-hour/sales-facts.fold';
import { recordSales } from '../sales-by-product-hour/sales-order-book';
import { salesOrderBookDdl, salesOrderBookTables } from '../sales-by-product-hour/sales-order-book.tables';
import { SALES_BY_DAY_TABLE } from './sales-by-day.table';
import { sumSalesDays } from './sales-by-day.fold';
import { ANALYTICS_BATCH_WINDOW_MS } from '../analytics-window';

// Its own order book, not sales_by_product_hour's: each projection rebuilds alone, from the log, in its own schema.
const ORDER_BOOK = salesOrderBookTables('sales_by_day');

/** Paid orders, units, gross and net revenue per UTC day and currency. */
export const salesByDayProjection = defineProjection({
  name: 'sales_by_day',
  version: 1,
  durability: 'log-derived',
  batchWindowMs: ANALYTICS_BATCH_WINDOW_MS,
  description: 'Orders paid, units, gross revenue, refunds and net revenue per UTC day and currency',
  events: SALES_EVENTS,
  tables: [SALES_BY_DAY_TABLE, ...salesOrderBookDdl(ORDER_BOOK)],
  async apply(batch, sql) {
    const changes = byKey(
      sumSalesDays(await recordSales(sql, ORDER_BOOK, batch)),
      (c) => `${c.day}|${c.currency}`,
    );
    if (changes.length === 0) return;
    await sql.query(
      `insert into sales_by_day (day, currency, orders_paid, units_sold, gross_revenue_minor, refunds_minor)
       select * from unnest($1::date[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[])
       on conflict (day, currency) do update set
         orders_paid = sales_by_day.orders_paid + excluded.orders_paid,
         units_sold = sales_by_day.units_sold + excluded.units_sold,
         gross_revenue_minor = sales_by_day.gross_revenue_minor + excluded.gross_revenue_minor,
         refunds_minor = sales_by_day.refunds_minor + excluded.refunds_minor`,
      [
        changes.map((c) => c.day),
        changes.map((c) => c.currency),
        changes.map((c) => c.ordersPaid),
        changes.map((c) => c.units),
        changes.map((c) => c.grossMinor),
        changes.map((c) => c.refundsMinor),
      ],
    );
  },
});
