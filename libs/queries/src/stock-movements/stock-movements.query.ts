import { z } from 'zod';
import { stockMovementsProjection } from '@shopstream/read-models';
import { decodeCursor, Page, toPage } from '../pagination/cursor';
import { cursorParam, pageSize } from '../query-schemas';
import { ReadStores } from '../read-stores';

export const stockMovementsParams = z.object({ limit: pageSize, cursor: cursorParam });
export type StockMovementsParams = z.infer<typeof stockMovementsParams>;

export const stockMovement = z.object({
  eventId: z.string(),
  movement: z.enum(['RECEIVED', 'ADJUSTED', 'RESERVED', 'RELEASED', 'COMMITTED']),
  onHandDelta: z.number().int(),
  reservedDelta: z.number().int(),
  orderId: z.string().nullable(),
  reason: z.string().nullable(),
  occurredAt: z.string(),
});
export type StockMovement = z.infer<typeof stockMovement>;

export const STOCK_MOVEMENTS_READS = [stockMovementsProjection];
const LISTING = 'stock-movements';

/** A sku's ledger, newest first. */
export async function stockMovements(
  stores: ReadStores,
  sku: string,
  params: StockMovementsParams,
): Promise<Page<StockMovement>> {
  const listing = `${LISTING}:${sku}`;
  const after = params.cursor ? (decodeCursor(listing, params.cursor, 2) as [string, string]) : null;
  const rows = await stores.stockMovements.list(sku, after, params.limit);
  return toPage(
    rows,
    params.limit,
    listing,
    (r) => [r.occurred_key, r.event_id],
    (r) => ({
      eventId: r.event_id,
      movement: r.movement as StockMovement['movement'],
      onHandDelta: Number(r.on_hand_delta),
      reservedDelta: Number(r.reserved_delta),
      orderId: r.order_id,
      reason: r.reason,
      occurredAt: r.occurred_at.toISOString(),
    }),
  );
}
