import { z } from 'zod';
import { stockLevelsProjection } from '@shopstream/read-models';
import { toStockLevel, StockLevel } from '../get-stock/get-stock.query';
import { decodeCursor, Page, toPage } from '../pagination/cursor';
import { cursorParam, pageSize } from '../query-schemas';
import { ReadStores } from '../read-stores';

export const listStockParams = z.object({
  lowStock: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only skus with fewer available units than their threshold.'),
  limit: pageSize,
  cursor: cursorParam,
});
export type ListStockParams = z.infer<typeof listStockParams>;

export const LIST_STOCK_READS = [stockLevelsProjection];
const LISTING = 'stock';

/** Stock levels by sku. */
export async function listStock(stores: ReadStores, params: ListStockParams): Promise<Page<StockLevel>> {
  const after = params.cursor ? decodeCursor(LISTING, params.cursor, 1)[0]! : null;
  const lowStock = params.lowStock === undefined ? null : params.lowStock === 'true';
  const rows = await stores.stockLevels.list(lowStock, after, params.limit);
  return toPage(rows, params.limit, LISTING, (r) => [r.sku], toStockLevel);
}
