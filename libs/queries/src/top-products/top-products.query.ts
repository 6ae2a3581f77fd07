import { z } from 'zod';
import { salesByProductHourProjection } from '@shopstream/read-models';
import { countParam, moneySchema } from '../query-schemas';
import { ReadStores } from '../read-stores';
import { timeRange } from '../report-range';

export const topProductsParams = z
  .object({
    limit: countParam(10),
  })
  .and(timeRange(366));
export type TopProductsParams = z.infer<typeof topProductsParams>;

export const topProduct = z.object({
  sku: z.string(),
  unitsSold: z.number().int(),
  orders: z.number().int(),
  revenue: moneySchema,
  refunded: moneySchema,
});
export const topProducts = z.object({ products: z.array(topProduct) });
export type TopProducts = z.infer<typeof topProducts>;

export const TOP_PRODUCTS_READS = [salesByProductHourProjection];

/** The skus that sold the most units in the range (a sku sold in two currencies appears once per currency). */
export async function topProductsReport(stores: ReadStores, params: TopProductsParams): Promise<TopProducts> {
  const rows = await stores.salesByProductHour.topProducts(
    new Date(params.from),
    new Date(params.to),
    params.limit,
  );
  return {
    products: rows.map((r) => ({
      sku: r.sku,
      unitsSold: Number(r.units_sold),
      orders: Number(r.orders),
      revenue: { amountMinor: Number(r.revenue_minor), currency: r.currency },
      refunded: { amountMinor: Number(r.refunded_minor), currency: r.currency },
    })),
  };
}
