import { SqlExecutor } from '@shopstream/database';
import { ProjectedEvent } from '@shopstream/projections';
import { foldSales, SaleFact, SalesEvent, SalesOrder, SalesOrderLine } from './sales-facts.fold';
import { SalesOrderBookTables } from './sales-order-book.tables';

interface StoredOrderRow {
  order_id: string;
  currency: string;
  paid_minor: string | null;
  refunded_minor: string;
  /** json_agg of our own rows, in line order. */
  lines: SalesOrderLine[];
}

/** Reads the stored orders among `orderIds`, lines included, in one query for the whole batch. */
export async function loadSalesOrders(
  sql: SqlExecutor,
  tables: SalesOrderBookTables,
  orderIds: readonly string[],
): Promise<SalesOrder[]> {
  if (orderIds.length === 0) return [];
  const rows = await sql.query<StoredOrderRow>(
    `select o.order_id, o.currency, o.paid_minor, o.refunded_minor,
            json_agg(json_build_object('sku', l.sku, 'quantity', l.quantity, 'unitPriceMinor', l.unit_price_minor)
                     order by l.line_no) as lines
       from ${tables.orders} o join ${tables.lines} l on l.order_id = o.order_id
      where o.order_id = any($1::text[])
      group by o.order_id`,
    [orderIds],
  );
  return rows.map((r) => ({
    orderId: r.order_id,
    currency: r.currency,
    lines: r.lines,
    paidMinor: r.paid_minor === null ? null : Number(r.paid_minor),
    refundedMinor: Number(r.refunded_minor),
  }));
}

/** Stores the lines of newly placed orders and the new payment state of every changed order. */
export async function saveSalesOrders(
  sql: SqlExecutor,
  tables: SalesOrderBookTables,
  placed: readonly SalesOrder[],
  changed: readonly SalesOrder[],
): Promise<void> {
  if (changed.length > 0) {
    await sql.query(
      `insert into ${tables.orders} (order_id, currency, paid_minor, refunded_minor)
       select * from unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[])
       on conflict (order_id) do update set paid_minor = excluded.paid_minor, refunded_minor = excluded.refunded_minor`,
      [
        changed.map((o) => o.orderId),
        changed.map((o) => o.currency),
        changed.map((o) => o.paidMinor),
        changed.map((o) => o.refundedMinor),
      ],
    );
  }
  const lines = placed.flatMap((o) =>
    o.lines.map((line, lineNo) => ({ orderId: o.orderId, lineNo, ...line })),
  );
  if (lines.length > 0) {
    await sql.query(
      `insert into ${tables.lines} (order_id, line_no, sku, quantity, unit_price_minor)
       select * from unnest($1::text[], $2::integer[], $3::text[], $4::bigint[], $5::bigint[])`,
      [
        lines.map((l) => l.orderId),
        lines.map((l) => l.lineNo),
        lines.map((l) => l.sku),
        lines.map((l) => l.quantity),
        lines.map((l) => l.unitPriceMinor),
      ],
    );
  }
}

/**
 * Folds a batch of order events against the stored orders, stores the new order state and returns the sales facts
 * for the caller to aggregate. Reads once and writes twice, whatever the batch size.
 */
export async function recordSales(
  sql: SqlExecutor,
  tables: SalesOrderBookTables,
  batch: readonly ProjectedEvent<SalesEvent>[],
): Promise<SaleFact[]> {
  const known = await loadSalesOrders(sql, tables, [...new Set(batch.map((e) => e.event.orderId))]);
  const { facts, placed, changed } = foldSales(batch, known);
  await saveSalesOrders(sql, tables, placed, changed);
  return facts;
}
