import { z } from 'zod';
import { orderSummaryProjection } from '@shopstream/read-models';
import { iso, toMoney } from '../money';
import { decodeCursor, Page, toPage } from '../pagination/cursor';
import { cursorParam, isoTime, moneySchema, pageSize } from '../query-schemas';
import { ReadStores } from '../read-stores';

export const ORDER_STATUSES = [
  'PLACED',
  'CONFIRMED',
  'REJECTED',
  'PAID',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
  'REFUNDED',
] as const;

export const listOrdersParams = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  placedFrom: isoTime.optional().describe('Orders placed at or after this time.'),
  placedTo: isoTime.optional().describe('Orders placed before this time.'),
  limit: pageSize,
  cursor: cursorParam,
});
export type ListOrdersParams = z.infer<typeof listOrdersParams>;

export const orderListItem = z.object({
  orderId: z.string(),
  customerId: z.string().nullable(),
  status: z.string(),
  total: moneySchema.nullable(),
  placedAt: z.string(),
  updatedAt: z.string(),
});
export type OrderListItem = z.infer<typeof orderListItem>;

export const LIST_ORDERS_READS = [orderSummaryProjection];
const LISTING = 'orders';

/** Placed orders, newest first, by status and placement time. */
export async function listOrders(stores: ReadStores, params: ListOrdersParams): Promise<Page<OrderListItem>> {
  const after = params.cursor ? (decodeCursor(LISTING, params.cursor, 2) as [string, string]) : null;
  const rows = await stores.orderSummary.list({
    status: params.status ?? null,
    placedFrom: params.placedFrom ? new Date(params.placedFrom) : null,
    placedTo: params.placedTo ? new Date(params.placedTo) : null,
    after,
    limit: params.limit,
  });
  return toPage(
    rows,
    params.limit,
    LISTING,
    (r) => [r.placed_key, r.order_id],
    (r) => ({
      orderId: r.order_id,
      customerId: r.customer_id,
      status: r.status,
      total: toMoney(r.total_minor, r.currency),
      placedAt: iso(r.placed_at) ?? '',
      updatedAt: r.updated_at.toISOString(),
    }),
  );
}
