import fc from 'fast-check';
import { OrdersEvent } from '@shopstream/events';
import { ProjectionInvariantError } from '@shopstream/projections';
import { salesByDayProjection } from '@shopstream/read-models';
import { rowsAfter, splitWhere } from '../../support/batch-splits';
import { DAY1, history, hm, line, paid, placed, refunded } from '../../support/sales-history';
import { ProjectionHarness } from '../../support/projection-harness';

const DAYS = `select day::text, currency, orders_paid::int, units_sold::int, gross_revenue_minor::int, refunds_minor::int,
  net_revenue_minor::int from sales_by_day order by day, currency`;

const tableAfter = (batches: readonly (readonly OrdersEvent[])[]) =>
  rowsAfter(salesByDayProjection, batches, 'select * from sales_by_day order by day, currency');

describe('sales_by_day', () => {
  let harness: ProjectionHarness;
  beforeEach(async () => (harness = await ProjectionHarness.create(salesByDayProjection)));
  afterEach(async () => harness.close());

  it('counts paid orders and line revenue on the day of payment, refunds on the day of the refund', async () => {
    await harness.given(...history());
    expect(await harness.rows(DAYS)).toEqual([
      {
        day: '2026-11-27',
        currency: 'EUR',
        orders_paid: 2,
        units_sold: 4,
        gross_revenue_minor: 3500,
        refunds_minor: 0,
        net_revenue_minor: 3500,
      },
      {
        day: '2026-11-27',
        currency: 'USD',
        orders_paid: 1,
        units_sold: 3,
        gross_revenue_minor: 600,
        refunds_minor: 0,
        net_revenue_minor: 600,
      },
      // o1's partial refund keeps its units; o2's full refund gives its one unit back.
      {
        day: '2026-11-28',
        currency: 'EUR',
        orders_paid: 0,
        units_sold: -1,
        gross_revenue_minor: 0,
        refunds_minor: 2400,
        net_revenue_minor: -2400,
      },
    ]);
  });

  it('counts a payment at 23:59 UTC on that UTC day', async () => {
    await harness.given(
      placed('o8', 'EUR', [line('A', 1, 1000)], hm(DAY1, 23, 58)),
      paid('o8', 1500, 'EUR', hm(DAY1, 23, 59)),
    );
    expect(await harness.rows('select day::text from sales_by_day')).toEqual([{ day: '2026-11-27' }]);
  });

  it('parks a payment whose order was never placed, and counts it once redriven after the placement', async () => {
    const payment = paid('o7', 1500, 'EUR', hm(DAY1, 9, 1));
    const rejection = harness.given(payment);
    await expect(rejection).rejects.toThrow(ProjectionInvariantError);
    await expect(rejection).rejects.toMatchObject({ eventId: payment.metadata.eventId });
    expect(await harness.rows('select * from sales_by_day')).toEqual([]);
    await harness.given(placed('o7', 'EUR', [line('A', 1, 1000)], hm(DAY1, 9, 0)));
    await harness.given(payment);
    expect(await harness.rows('select orders_paid::int, gross_revenue_minor::int from sales_by_day')).toEqual(
      [{ orders_paid: 1, gross_revenue_minor: 1000 }],
    );
  });

  it('parks a refund that would return more than was paid', async () => {
    await harness.given(
      placed('o9', 'EUR', [line('A', 1, 1000)], hm(DAY1, 9, 0)),
      paid('o9', 1500, 'EUR', hm(DAY1, 9, 1)),
    );
    await expect(harness.given(refunded('o9', 1501, 'EUR', hm(DAY1, 9, 2)))).rejects.toThrow(
      ProjectionInvariantError,
    );
    expect(await harness.rows('select refunds_minor::int from sales_by_day')).toEqual([{ refunds_minor: 0 }]);
  });

  it('does not double-count a payment or refund delivered twice', async () => {
    const [placement, payment] = history();
    const refund = refunded('o1', 900, 'EUR', hm(DAY1, 12, 0));
    await harness.given(placement!, payment!, payment!);
    await harness.given(payment!, refund, refund);
    await harness.given(refund);
    expect(await harness.rows(DAYS)).toEqual([
      {
        day: '2026-11-27',
        currency: 'EUR',
        orders_paid: 1,
        units_sold: 3,
        gross_revenue_minor: 2500,
        refunds_minor: 900,
        net_revenue_minor: 1600,
      },
    ]);
  });

  it('gives the same table however the history is split into batches', async () => {
    const events = history();
    const whole = await tableAfter([events]);
    expect(await tableAfter(events.map((e) => [e]))).toEqual(whole);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: events.length, maxLength: events.length }),
        async (cuts) => {
          expect(await tableAfter(splitWhere(events, cuts))).toEqual(whole);
        },
      ),
      { numRuns: 8 },
    );
  });
});
