import { SqlExecutor } from '@shopstream/database';
export interface OrderView {
  readonly orderId: string;
  readonly customerId: string | null;
  readonly status: string;
  readonly currency: string | null;
  readonly totalMinor: number | null;
  readonly placedAt: string | null;
  readonly updatedAt: string | null;
  readonly version: number;
  readonly lines: readonly { sku: string; quantity: number; unitPriceMinor: number }[];
}

/** An order as the read models show it (order_summary with its order_lines), or null when they don't know it. */
export async function findOrderView(sql: SqlExecutor, orderId: string): Promise<OrderView | null> {
  const [summary] = await sql.query<{
    order_id: string;
    customer_id: string | null;
    status: string;
    currency: string | null;
    total_minor: string | null;
    placed_at: Date | null;
    updated_at: Date | null;
    version: string;
  }>(
    `select order_id, customer_id, status, currency, total_minor, placed_at, updated_at, version
     from read_models.order_summary where order_id = $1`,
    [orderId],
  );
  if (!summary) return null;
  const lines = await sql.query<{ sku: string; quantity: number; unit_price_minor: string }>(
    'select sku, quantity, unit_price_minor from read_models.order_lines where order_id = $1 order by line_no',
    [orderId],
  );
  return {
    orderId: summary.order_id,
    customerId: summary.customer_id,
    status: summary.status,
    currency: summary.currency,
    totalMinor: summary.total_minor === null ? null : Number(summary.total_minor),
    placedAt: summary.placed_at?.toISOString() ?? null,
    updatedAt: summary.updated_at?.toISOString() ?? null,
    version: Number(summary.version),
    lines: lines.map((l) => ({
      sku: l.sku,
      quantity: Number(l.quantity),
      unitPriceMinor: Number(l.unit_price_minor),
    })),
  };
}
