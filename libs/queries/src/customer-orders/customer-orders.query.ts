import { z } from 'zod';
import { customerOrdersProjection } from '@shopstream/read-models';
import { ORDER_STATUSES } from '../list-orders/list-orders.query';
import { decodeCursor, Page, toPage } from '../pagination/cursor';
import { cursorParam, moneySchema, pageSize } from '../query-schemas';
import { ReadStores } from '../read-stores';

export const customerOrdersParams = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  limit: pageSize,
  cursor: cursorParam,
});
export type CustomerOrdersParams = z.infer<typeof customerOrdersParams>;

export const customerOrder = z.object({
  orderId: z.string(),
  status: z.string(),
  total: moneySchema,
  placedAt: z.string(),
});
export type CustomerOrder = z.infer<typeof customerOrder>;

export const CUSTOMER_ORDERS_READS = [customerOrdersProjection];
const LISTING = 'customer-orders';

/** A customer's orders, newest first. */
export async function customerOrders(
  stores: ReadStores,
  customerId: string,
  params: CustomerOrdersParams,
): Promise<Page<CustomerOrder>> {
  // The customer is folded into the listing, so a cursor of one customer's orders is refused for another's.
  const listing = `${LISTING}:${customerId}`;
  const after = params.cursor ? (decodeCursor(listing, params.cursor, 2) as [string, string]) : null;
  const rows = await stores.customerOrders.list(customerId, params.status ?? null, after, params.limit);
  return toPage(
    rows,
    params.limit,
    listing,
    (r) => [r.placed_key, r.order_id],
    (r) => ({
      orderId: r.order_id,
      status: r.status,
      total: { amountMinor: Number(r.total_minor), currency: r.currency },
      placedAt: r.placed_at.toISOString(),
    }),
  );
}
