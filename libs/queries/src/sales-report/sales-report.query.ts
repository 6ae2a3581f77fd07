import { z } from 'zod';
import { salesByDayProjection, salesByProductHourProjection } from '@shopstream/read-models';
import { moneySchema } from '../query-schemas';
import { ReadStores } from '../read-stores';
import { timeRange } from '../report-range';

const MAX_DAYS = { hour: 31, day: 366 } as const;

export const salesReportParams = z
  .object({
    from: z.string(),
    to: z.string(),
    granularity: z.enum(['hour', 'day']).default('day'),
  })
  .and(timeRange(MAX_DAYS.day))
  .superRefine((p, context) => {
    if (p.granularity === 'hour' && Date.parse(p.to) - Date.parse(p.from) > MAX_DAYS.hour * 86_400_000)
      context.addIssue({
        code: 'custom',
        path: ['to'],
        message: `must be at most ${MAX_DAYS.hour} days after from by hour`,
      });
  });
export type SalesReportParams = z.infer<typeof salesReportParams>;

export const salesPeriod = z.object({
  periodStart: z.string(),
  currency: z.string(),
  ordersPaid: z.number().int(),
  unitsSold: z.number().int(),
  grossRevenue: moneySchema,
  refunds: moneySchema,
  netRevenue: moneySchema,
});
export const salesReport = z.object({ granularity: z.enum(['hour', 'day']), periods: z.array(salesPeriod) });
export type SalesReport = z.infer<typeof salesReport>;

export const SALES_REPORT_READS = [salesByDayProjection, salesByProductHourProjection];

/** Sales per day (UTC days) or hour and currency; days come from sales_by_day, hours from sales_by_product_hour. */
export async function salesReportQuery(stores: ReadStores, params: SalesReportParams): Promise<SalesReport> {
  const from = new Date(params.from);
  const to = new Date(params.to);
  const rows =
    params.granularity === 'day'
      ? await stores.salesByDay.between(from, to)
      : await stores.salesByProductHour.hoursBetween(from, to);
  return {
    granularity: params.granularity,
    periods: rows.map((r) => {
      const gross = Number(r.gross_revenue_minor);
      const refunds = Number(r.refunds_minor);
      return {
        periodStart: r.period.toISOString(),
        currency: r.currency,
        ordersPaid: Number(r.orders_paid),
        unitsSold: Number(r.units_sold),
        grossRevenue: { amountMinor: gross, currency: r.currency },
        refunds: { amountMinor: refunds, currency: r.currency },
        netRevenue: { amountMinor: gross - refunds, currency: r.currency },
      };
    }),
  };
}
