import { byKey } from '../by-key';
import { defineProjection } from '@shopstream/projections';
import { SALES_EVENTS } from './sales-facts.fold';
import { recordSales } from './sales-order-book';
import { salesOrderBookDdl, salesOrderBookTables } from './sales-order-book.tables';
import { SALES_BY_PRODUCT_HOUR_TABLE } from './sales-by-product-hour.table';
import { sumProductHours } from './sales-by-product-hour.fold';
import { ANALYTICS_BATCH_WINDOW_MS } from '../analytics-window';

const ORDER_BOOK = salesOrderBookTables('sales_by_product_hour');

/**
 * Units and revenue per sku and UTC hour, recognised when an order is paid; a refund is spread over the order's
 * lines by value and counted in the hour it happened.
 */
export const salesByProductHourProjection = defineProjection({
  name: 'sales_by_product_hour',
  version: 1,
  durability: 'log-derived',
  batchWindowMs: ANALYTICS_BATCH_WINDOW_MS,
  description: 'Units sold, revenue, paid orders and refunds per sku, UTC hour and currency',
  events: SALES_EVENTS,
  tables: [SALES_BY_PRODUCT_HOUR_TABLE, ...salesOrderBookDdl(ORDER_BOOK)],
  async apply(batch, sql) {
    const changes = byKey(
      sumProductHours(await recordSales(sql, ORDER_BOOK, batch)),
      (c) => `${c.sku}|${c.hour}|${c.currency}`,
    );
    if (changes.length === 0) return;
    await sql.query(
      `insert into sales_by_product_hour (sku, hour, currency, units_sold, revenue_minor, orders, refunded_minor)
       select * from unnest($1::text[], $2::timestamptz[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[])
       on conflict (sku, hour, currency) do update set
         units_sold = sales_by_product_hour.units_sold + excluded.units_sold,
         revenue_minor = sales_by_product_hour.revenue_minor + excluded.revenue_minor,
         orders = sales_by_product_hour.orders + excluded.orders,
         refunded_minor = sales_by_product_hour.refunded_minor + excluded.refunded_minor`,
      [
        changes.map((c) => c.sku),
        changes.map((c) => c.hour),
        changes.map((c) => c.currency),
        changes.map((c) => c.units),
        changes.map((c) => c.revenueMinor),
        changes.map((c) => c.orders),
        changes.map((c) => c.refundedMinor),
      ],
    );
  },
});
