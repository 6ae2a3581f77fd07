import { SqlExecutor } from '@shopstream/database';
import { OrderPlaced } from '@shopstream/events';

/**
 * Replaces the lines of the given orders: delete, then one multi-row insert. Replacing rather than upserting keeps
 * a shorter re-placement from leaving its predecessor's extra lines behind.
 */
export async function writeOrderLines(sql: SqlExecutor, placements: readonly OrderPlaced[]): Promise<void> {
  if (placements.length === 0) return;
  const rows = placements.flatMap((placed) =>
    placed.lines.map((line, index) => ({ placed, line, lineNo: index + 1 })),
  );
  await sql.query('delete from order_lines where order_id = any($1::text[])', [
    placements.map((p) => p.orderId),
  ]);
  await sql.query(
    `insert into order_lines (order_id, line_no, sku, quantity, unit_price_minor, line_total_minor, currency)
     select order_id, line_no, sku, quantity, unit_price_minor, quantity::bigint * unit_price_minor, currency
     from unnest($1::text[], $2::int[], $3::text[], $4::int[], $5::bigint[], $6::text[])
       as l(order_id, line_no, sku, quantity, unit_price_minor, currency)`,
    [
      rows.map((r) => r.placed.orderId),
      rows.map((r) => r.lineNo),
      rows.map((r) => r.line.sku),
      rows.map((r) => r.line.quantity),
      rows.map((r) => r.line.unitPriceMinor),
      rows.map((r) => r.placed.currency),
    ],
  );
}
