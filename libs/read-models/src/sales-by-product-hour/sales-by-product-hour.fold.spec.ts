import { SaleFact } from './sales-facts.fold';
import { sumProductHours } from './sales-by-product-hour.fold';

const at = Date.UTC(2026, 10, 27, 10, 30);

describe('sales by product hour fold', () => {
  it('given a paid order with two lines of one sku, counts the order once for that sku and hour', () => {
    const paid: SaleFact = {
      kind: 'PAID',
      orderId: 'o-1',
      at,
      currency: 'EUR',
      amountMinor: 3_000,
      lines: [
        { sku: 'A', units: 1, revenueMinor: 1_000, refundedMinor: 0 },
        { sku: 'A', units: 2, revenueMinor: 2_000, refundedMinor: 0 },
      ],
    };
    expect(sumProductHours([paid])).toEqual([
      {
        sku: 'A',
        hour: '2026-11-27T10:00:00.000Z',
        currency: 'EUR',
        units: 3,
        revenueMinor: 3_000,
        orders: 1,
        refundedMinor: 0,
      },
    ]);
  });

  it('adds a refund to the hour it was made without counting an order', () => {
    const refund: SaleFact = {
      kind: 'REFUNDED',
      orderId: 'o-1',
      at: at + 3_600_000,
      currency: 'EUR',
      amountMinor: 500,
      lines: [{ sku: 'A', units: 0, revenueMinor: 0, refundedMinor: 500 }],
    };
    expect(sumProductHours([refund])).toEqual([
      expect.objectContaining({ hour: '2026-11-27T11:00:00.000Z', orders: 0, refundedMinor: 500 }),
    ]);
  });
});
