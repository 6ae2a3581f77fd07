import { z } from 'zod';
import { stockLevelsProjection } from '@shopstream/read-models';
import { ReadStores } from '../read-stores';
import { StockLevelRow } from '../stores/stock-levels.store';

export const stockLevel = z.object({
  sku: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  threshold: z.number().int().nullable().describe('Below this many available units the sku is low on stock.'),
  lowStock: z.boolean(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type StockLevel = z.infer<typeof stockLevel>;

export const GET_STOCK_READS = [stockLevelsProjection];

export const toStockLevel = (r: StockLevelRow): StockLevel => ({
  sku: r.sku,
  onHand: Number(r.on_hand),
  reserved: Number(r.reserved),
  available: Number(r.available),
  threshold: r.threshold === null ? null : Number(r.threshold),
  lowStock: r.low_stock,
  version: Number(r.version),
  updatedAt: r.updated_at.toISOString(),
});

/** A sku's stock level and threshold, or null when no stock event named it. */
export async function getStock(stores: ReadStores, sku: string): Promise<StockLevel | null> {
  const row = await stores.stockLevels.find(sku);
  return row ? toStockLevel(row) : null;
}
