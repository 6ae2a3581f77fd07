import fc from 'fast-check';
import { OrdersEvent } from '@shopstream/events';
import { ProjectionInvariantError } from '@shopstream/projections';
import { salesByProductHourProjection } from '@shopstream/read-models';
import { rowsAfter, splitWhere } from '../../support/batch-splits';
import { DAY1, DAY2, history, hm, line, paid, placed, refunded } from '../../support/sales-history';
import { ProjectionHarness } from '../../support/projection-harness';

const HOURS = `select sku, hour, currency, units_sold::int, revenue_minor::int, orders::int, refunded_minor::int
  from sales_by_product_hour order by hour, currency, sku`;

const tableAfter = (batches: readonly (readonly OrdersEvent[])[]) =>
  rowsAfter(
    salesByProductHourProjection,
    batches,
    'select * from sales_by_product_hour order by hour, currency, sku',
  );

describe('sales_by_product_hour', () => {
  let harness: ProjectionHarness;
  beforeEach(async () => (harness = await ProjectionHarness.create(salesByProductHourProjection)));
  afterEach(async () => harness.close());

  it('recognises line revenue in the hour of payment and subtracts refunds in the hour of the refund', async () => {
    await harness.given(...history());
    const hour = (day: number, h: number) => new Date(hm(day, h, 0));
    expect(await harness.rows(HOURS)).toEqual([
      {
        sku: 'A',
        hour: hour(DAY1, 10),
        currency: 'EUR',
        units_sold: 2,
        revenue_minor: 2000,
        orders: 1,
        refunded_minor: 0,
      },
      {
        sku: 'B',
        hour: hour(DAY1, 10),
        currency: 'EUR',
        units_sold: 1,
        revenue_minor: 500,
        orders: 1,
        refunded_minor: 0,
      },
      {
        sku: 'A',
        hour: hour(DAY1, 11),
        currency: 'EUR',
        units_sold: 1,
        revenue_minor: 1000,
        orders: 1,
        refunded_minor: 0,
      },
      {
        sku: 'C',
        hour: hour(DAY1, 11),
        currency: 'USD',
        units_sold: 3,
        revenue_minor: 600,
        orders: 1,
        refunded_minor: 0,
      },
      // o1's 900 split 2000:500 over A and B; o2's full 1500 all on A, and its one unit comes back.
      {
        sku: 'A',
        hour: hour(DAY2, 9),
        currency: 'EUR',
        units_sold: -1,
        revenue_minor: 0,
        orders: 0,
        refunded_minor: 2220,
      },
      {
        sku: 'B',
        hour: hour(DAY2, 9),
        currency: 'EUR',
        units_sold: 0,
        revenue_minor: 0,
        orders: 0,
        refunded_minor: 180,
      },
    ]);
  });

  it('gives the rounding remainder of an apportioned refund to the largest line', async () => {
    await harness.given(placed('o5', 'EUR', [line('X', 1, 700), line('Y', 1, 300)], hm(DAY1, 9, 0)));
    await harness.given(paid('o5', 1500, 'EUR', hm(DAY1, 9, 1)), refunded('o5', 101, 'EUR', hm(DAY1, 9, 2)));
    expect(
      await harness.rows('select sku, refunded_minor::int from sales_by_product_hour order by sku'),
    ).toEqual([
      { sku: 'X', refunded_minor: 71 },
      { sku: 'Y', refunded_minor: 30 },
    ]);
  });

  it('gives units back only with the refund that completes a full refund', async () => {
    await harness.given(
      placed('o6', 'EUR', [line('Z', 4, 250)], hm(DAY1, 9, 0)),
      paid('o6', 1500, 'EUR', hm(DAY1, 9, 1)),
    );
    await harness.given(refunded('o6', 500, 'EUR', hm(DAY1, 9, 2)));
    expect(await harness.rows('select sum(units_sold)::int as units from sales_by_product_hour')).toEqual([
      { units: 4 },
    ]);
    await harness.given(refunded('o6', 1000, 'EUR', hm(DAY1, 9, 3)));
    expect(
      await harness.rows(
        'select sum(units_sold)::int as units, sum(refunded_minor)::int as refunded from sales_by_product_hour',
      ),
    ).toEqual([{ units: 0, refunded: 1500 }]);
  });

  it('parks a payment whose order was never placed, and counts it once redriven after the placement', async () => {
    const payment = paid('o7', 1500, 'EUR', hm(DAY1, 9, 1));
    const rejection = harness.given(payment);
    await expect(rejection).rejects.toThrow(ProjectionInvariantError);
    await expect(rejection).rejects.toMatchObject({ eventId: payment.metadata.eventId });
    expect(await harness.rows('select * from sales_by_product_hour')).toEqual([]);
    await harness.given(placed('o7', 'EUR', [line('A', 1, 1000)], hm(DAY1, 9, 0)));
    await harness.given(payment);
    expect(
      await harness.rows('select sku, units_sold::int, revenue_minor::int from sales_by_product_hour'),
    ).toEqual([{ sku: 'A', units_sold: 1, revenue_minor: 1000 }]);
  });

  it('does not double-count a payment or refund delivered twice', async () => {
    const [placement, payment] = history();
    const refund = refunded('o1', 900, 'EUR', hm(DAY2, 9, 0));
    await harness.given(placement!, payment!, payment!);
    await harness.given(payment!, refund, refund);
    await harness.given(refund);
    expect(
      await harness.rows(
        'select sum(units_sold)::int as units, sum(revenue_minor)::int as revenue, sum(refunded_minor)::int as refunded from sales_by_product_hour',
      ),
    ).toEqual([{ units: 3, revenue: 2500, refunded: 900 }]);
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
