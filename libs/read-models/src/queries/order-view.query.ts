import { SqlExecutor } from '@shopstream/projections';

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

/**
 * True once a projection has applied the record at `offset` of `topic`/`partition`: what a client's consistency
 * token (from a command's answer) waits for before it reads its own write.
 */
export async function hasApplied(
  sql: SqlExecutor,
  projection: string,
  position: { topic: string; partition: number; offset: string },
): Promise<boolean> {
  const [row] = await sql.query<{ next_offset: string }>(
    `select c.next_offset from public.projection_checkpoints c
     join public.projection_versions v on v.projection = c.projection and v.active_version = c.version
     where c.projection = $1 and c.topic = $2 and c.partition = $3`,
    [projection, position.topic, position.partition],
  );
  return row !== undefined && BigInt(row.next_offset) > BigInt(position.offset);
}
