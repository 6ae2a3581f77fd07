import { z } from 'zod';
import {
  orderLinesProjection,
  orderSummaryProjection,
  orderTimelineProjection,
} from '@shopstream/read-models';
import { iso, toMoney } from '../money';
import { moneySchema } from '../query-schemas';
import { ReadStores } from '../read-stores';

export const orderDetails = z.object({
  orderId: z.string(),
  customerId: z.string().nullable(),
  status: z.string(),
  channel: z.string().nullable(),
  subtotal: moneySchema.nullable(),
  shipping: moneySchema.nullable(),
  tax: moneySchema.nullable(),
  total: moneySchema.nullable(),
  refunded: moneySchema.nullable(),
  itemCount: z.number().int().nullable(),
  placedAt: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  rejectedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  shippedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  refundedAt: z.string().nullable(),
  rejectionReason: z.string().nullable(),
  cancellationReason: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
  lines: z.array(
    z.object({
      lineNo: z.number().int(),
      sku: z.string(),
      quantity: z.number().int(),
      unitPrice: moneySchema,
      lineTotal: moneySchema,
    }),
  ),
  timeline: z.array(
    z.object({ eventId: z.string(), type: z.string(), occurredAt: z.string(), summary: z.string() }),
  ),
});
export type OrderDetails = z.infer<typeof orderDetails>;

/** The read models an order's details are made of. */
export const GET_ORDER_READS = [orderSummaryProjection, orderLinesProjection, orderTimelineProjection];

/** An order with its lines and timeline, or null when the read models don't know it. */
export async function getOrder(stores: ReadStores, orderId: string): Promise<OrderDetails | null> {
  const [summary, lines, timeline] = await Promise.all([
    stores.orderSummary.find(orderId),
    stores.orderLines.ofOrder(orderId),
    stores.orderTimeline.ofOrder(orderId),
  ]);
  if (!summary) return null;
  const c = summary.currency;
  return {
    orderId: summary.order_id,
    customerId: summary.customer_id,
    status: summary.status,
    channel: summary.channel,
    subtotal: toMoney(summary.subtotal_minor, c),
    shipping: toMoney(summary.shipping_minor, c),
    tax: toMoney(summary.tax_minor, c),
    total: toMoney(summary.total_minor, c),
    refunded: toMoney(summary.refunded_minor, c),
    itemCount: summary.item_count,
    placedAt: iso(summary.placed_at),
    confirmedAt: iso(summary.confirmed_at),
    rejectedAt: iso(summary.rejected_at),
    paidAt: iso(summary.paid_at),
    shippedAt: iso(summary.shipped_at),
    deliveredAt: iso(summary.delivered_at),
    cancelledAt: iso(summary.cancelled_at),
    refundedAt: iso(summary.refunded_at),
    rejectionReason: summary.rejection_reason,
    cancellationReason: summary.cancellation_reason,
    version: Number(summary.version),
    updatedAt: summary.updated_at.toISOString(),
    lines: lines.map((l) => ({
      lineNo: Number(l.line_no),
      sku: l.sku,
      quantity: Number(l.quantity),
      unitPrice: { amountMinor: Number(l.unit_price_minor), currency: l.currency },
      lineTotal: { amountMinor: Number(l.line_total_minor), currency: l.currency },
    })),
    timeline: timeline.map((t) => ({
      eventId: t.event_id,
      type: t.event_type,
      occurredAt: t.occurred_at.toISOString(),
      summary: t.summary,
    })),
  };
}
