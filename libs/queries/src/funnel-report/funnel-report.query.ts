import { z } from 'zod';
import { behaviourFunnelDailyProjection } from '@shopstream/read-models';
import { isoDate } from '../query-schemas';
import { ReadStores } from '../read-stores';

const MAX_DAYS = 366;

export const funnelReportParams = z
  .object({
    from: isoDate.describe('First day (UTC), inclusive.'),
    to: isoDate.describe('Last day (UTC), inclusive.'),
  })
  .superRefine((p, context) => {
    const span = (Date.parse(p.to) - Date.parse(p.from)) / 86_400_000;
    if (span < 0) context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (span >= MAX_DAYS)
      context.addIssue({
        code: 'custom',
        path: ['to'],
        message: `must be less than ${MAX_DAYS} days after from`,
      });
  });
export type FunnelReportParams = z.infer<typeof funnelReportParams>;

const funnelCounts = z.object({
  views: z.number().int(),
  cartAdds: z.number().int(),
  checkouts: z.number().int(),
  orders: z.number().int(),
  conversion: z.number().nullable().describe('orders / views; null without views.'),
});
export const funnelReport = z.object({
  totals: funnelCounts,
  days: z.array(funnelCounts.extend({ day: z.string() })),
});
export type FunnelReport = z.infer<typeof funnelReport>;

export const FUNNEL_REPORT_READS = [behaviourFunnelDailyProjection];

const counts = (views: number, cartAdds: number, checkouts: number, orders: number) => ({
  views,
  cartAdds,
  checkouts,
  orders,
  conversion: views === 0 ? null : orders / views,
});

/** Views → cart adds → checkouts → orders per day, and over the range. */
export async function funnelReportQuery(
  stores: ReadStores,
  params: FunnelReportParams,
): Promise<FunnelReport> {
  const rows = await stores.behaviourFunnelDaily.daysBetween(params.from, params.to);
  const days = rows.map((r) => ({
    day: r.day,
    ...counts(Number(r.views), Number(r.cart_adds), Number(r.checkouts), Number(r.orders)),
  }));
  const sum = (f: (d: (typeof days)[number]) => number) => days.reduce((s, d) => s + f(d), 0);
  return {
    totals: counts(
      sum((d) => d.views),
      sum((d) => d.cartAdds),
      sum((d) => d.checkouts),
      sum((d) => d.orders),
    ),
    days,
  };
}
