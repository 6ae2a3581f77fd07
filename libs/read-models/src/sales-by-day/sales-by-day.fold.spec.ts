import { SaleFact } from '../sales-by-product-hour/sales-facts.fold';
import { sumSalesDays } from './sales-by-day.fold';

const day = (d: number, hour = 12) => Date.UTC(2026, 10, d, hour);

const paid = (orderId: string, at: number, currency = 'EUR'): SaleFact => ({
  kind: 'PAID',
  orderId,
  at,
  currency,
  amountMinor: 3_000,
  lines: [
    { sku: 'A', units: 2, revenueMinor: 2_000, refundedMinor: 0 },
    { sku: 'B', units: 1, revenueMinor: 1_000, refundedMinor: 0 },
  ],
});

describe('sales by day fold', () => {
  it('given payments and a refund on one day, sums orders, units, gross and refunds for it', () => {
    const refund: SaleFact = {
      kind: 'REFUNDED',
      orderId: 'o-1',
      at: day(27, 18),
      currency: 'EUR',
      amountMinor: 700,
      lines: [],
    };
    expect(sumSalesDays([paid('o-1', day(27)), paid('o-2', day(27, 9)), refund])).toEqual([
      { day: '2026-11-27', currency: 'EUR', ordersPaid: 2, units: 6, grossMinor: 6_000, refundsMinor: 700 },
    ]);
  });

  it('keeps days and currencies apart, by the UTC day of each fact', () => {
    const changes = sumSalesDays([
      paid('o-1', day(27, 23)),
      paid('o-2', day(28, 0)),
      paid('o-3', day(28, 1), 'USD'),
    ]);
    expect(changes.map((c) => [c.day, c.currency, c.ordersPaid])).toEqual([
      ['2026-11-27', 'EUR', 1],
      ['2026-11-28', 'EUR', 1],
      ['2026-11-28', 'USD', 1],
    ]);
  });
});
