import { SqlExecutor } from '@shopstream/database';
import { OrderSummaryChange } from './order-summary.fold';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * One upsert for the whole batch. Each set clause mirrors a rule of the fold, so applying a history in one batch or
 * event by event gives the same row: values the batch does not know (null) keep the stored ones.
 */
export async function writeOrderSummaries(
  sql: SqlExecutor,
  changes: readonly OrderSummaryChange[],
): Promise<void> {
  if (changes.length === 0) return;
  const column = <V>(pick: (c: OrderSummaryChange) => V) => changes.map(pick);
  await sql.query(
    `insert into order_summary (
       order_id, customer_id, status, currency, subtotal_minor, shipping_minor, tax_minor, total_minor, channel,
       line_count, item_count, placed_at, confirmed_at, rejected_at, paid_at, shipped_at, delivered_at, cancelled_at,
       refunded_at, rejection_reason, cancellation_reason, cancelled_by, refunded_minor, version, updated_at)
     select * from unnest(
       $1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[],
       $9::text[], $10::int[], $11::int[], $12::timestamptz[], $13::timestamptz[], $14::timestamptz[],
       $15::timestamptz[], $16::timestamptz[], $17::timestamptz[], $18::timestamptz[], $19::timestamptz[],
       $20::text[], $21::text[], $22::text[], $23::bigint[], $24::int[], $25::timestamptz[])
     on conflict (order_id) do update set
       customer_id = coalesce(excluded.customer_id, order_summary.customer_id),
       status = excluded.status,
       -- A batch with the placement sets the currency; otherwise a payment's currency only fills a gap.
       currency = case when excluded.placed_at is not null then excluded.currency
                       else coalesce(order_summary.currency, excluded.currency) end,
       subtotal_minor = coalesce(excluded.subtotal_minor, order_summary.subtotal_minor),
       shipping_minor = coalesce(excluded.shipping_minor, order_summary.shipping_minor),
       tax_minor = coalesce(excluded.tax_minor, order_summary.tax_minor),
       total_minor = coalesce(excluded.total_minor, order_summary.total_minor),
       channel = coalesce(excluded.channel, order_summary.channel),
       line_count = coalesce(excluded.line_count, order_summary.line_count),
       item_count = coalesce(excluded.item_count, order_summary.item_count),
       placed_at = coalesce(excluded.placed_at, order_summary.placed_at),
       confirmed_at = coalesce(excluded.confirmed_at, order_summary.confirmed_at),
       rejected_at = coalesce(excluded.rejected_at, order_summary.rejected_at),
       paid_at = coalesce(excluded.paid_at, order_summary.paid_at),
       shipped_at = coalesce(excluded.shipped_at, order_summary.shipped_at),
       delivered_at = coalesce(excluded.delivered_at, order_summary.delivered_at),
       cancelled_at = coalesce(excluded.cancelled_at, order_summary.cancelled_at),
       refunded_at = coalesce(excluded.refunded_at, order_summary.refunded_at),
       rejection_reason = coalesce(excluded.rejection_reason, order_summary.rejection_reason),
       cancellation_reason = coalesce(excluded.cancellation_reason, order_summary.cancellation_reason),
       cancelled_by = coalesce(excluded.cancelled_by, order_summary.cancelled_by),
       refunded_minor = order_summary.refunded_minor + excluded.refunded_minor,
       version = greatest(order_summary.version, excluded.version),
       updated_at = greatest(order_summary.updated_at, excluded.updated_at)`,
    [
      column((c) => c.orderId),
      column((c) => c.customerId),
      column((c) => c.status),
      column((c) => c.currency),
      column((c) => c.subtotalMinor),
      column((c) => c.shippingMinor),
      column((c) => c.taxMinor),
      column((c) => c.totalMinor),
      column((c) => c.channel),
      column((c) => c.lineCount),
      column((c) => c.itemCount),
      column((c) => iso(c.placedAt)),
      column((c) => iso(c.confirmedAt)),
      column((c) => iso(c.rejectedAt)),
      column((c) => iso(c.paidAt)),
      column((c) => iso(c.shippedAt)),
      column((c) => iso(c.deliveredAt)),
      column((c) => iso(c.cancelledAt)),
      column((c) => iso(c.refundedAt)),
      column((c) => c.rejectionReason),
      column((c) => c.cancellationReason),
      column((c) => c.cancelledBy),
      column((c) => c.refundedMinor),
      column((c) => c.version),
      column((c) => iso(c.updatedAt)),
    ],
  );
}
