import fc from 'fast-check';
import {
  CartItemAdded,
  CartItemRemoved,
  CheckoutStarted,
  OrderPlaced,
  ProductViewed,
  ShopstreamEvent,
} from '@shopstream/events';
import { behaviourFunnelDailyProjection } from '@shopstream/read-models';
import { splitWhere } from '../../support/batch-splits';
import { metadata } from '../../support/event-builders';
import { ProjectionHarness } from '../../support/projection-harness';

const DAY1 = Date.UTC(2026, 10, 27);
const DAY2 = Date.UTC(2026, 10, 28);
const at = (day: number, minute: number) => day + minute * 60_000;

const viewed = (sessionId: string, sku: string, when: number): ProductViewed => ({
  type: 'shopstream.behaviour.ProductViewed',
  metadata: metadata(sessionId, 1, when),
  sessionId,
  customerId: null,
  sku,
});
const added = (sessionId: string, sku: string, quantity: number, when: number): CartItemAdded => ({
  type: 'shopstream.behaviour.CartItemAdded',
  metadata: metadata(sessionId, 1, when),
  sessionId,
  customerId: null,
  sku,
  quantity,
  unitPriceMinor: 1000,
  currency: 'EUR',
});
const removed = (sessionId: string, sku: string, quantity: number, when: number): CartItemRemoved => ({
  type: 'shopstream.behaviour.CartItemRemoved',
  metadata: metadata(sessionId, 1, when),
  sessionId,
  customerId: null,
  sku,
  quantity,
});
const checkout = (sessionId: string, when: number): CheckoutStarted => ({
  type: 'shopstream.behaviour.CheckoutStarted',
  metadata: metadata(sessionId, 1, when),
  sessionId,
  customerId: null,
  itemCount: 0,
  cartTotalMinor: 0,
  currency: 'EUR',
});
const placed = (orderId: string, skus: string[], when: number): OrderPlaced => ({
  type: 'shopstream.orders.OrderPlaced',
  metadata: metadata(orderId, 1, when),
  orderId,
  customerId: 'c1',
  currency: 'EUR',
  lines: skus.map((sku) => ({ sku, quantity: 1, unitPriceMinor: 1000 })),
  totals: {
    subtotalMinor: 1000 * skus.length,
    shippingMinor: 0,
    taxMinor: 0,
    totalMinor: 1000 * skus.length,
  },
  shippingAddress: { name: 'N', line1: 'L', line2: null, city: 'C', postalCode: 'P', country: 'NL' },
  channel: 'WEB',
});

/**
 * s1 views A and B, adds both, takes B out again and checks out with A only; s2 adds A twice and checks out on day 2
 * across midnight; orders on either day. B is removed in two steps to show a partial removal keeps it in the cart.
 */
const history = (): ShopstreamEvent[] => [
  viewed('s1', 'A', at(DAY1, 10)),
  viewed('s1', 'B', at(DAY1, 11)),
  viewed('s2', 'A', at(DAY1, 12)),
  added('s1', 'A', 1, at(DAY1, 13)),
  added('s1', 'B', 2, at(DAY1, 14)),
  removed('s1', 'B', 1, at(DAY1, 15)),
  added('s2', 'A', 1, at(DAY1, 16)),
  removed('s1', 'B', 1, at(DAY1, 17)),
  checkout('s1', at(DAY1, 18)),
  placed('o1', ['A'], at(DAY1, 19)),
  added('s2', 'A', 1, at(DAY1, 20)),
  checkout('s2', at(DAY2, 5)),
  placed('o2', ['A', 'A', 'C'], at(DAY2, 6)),
];

const FUNNEL = `select day::text, sku, views::int, cart_adds::int, checkouts::int, orders::int, conversion::float
  from behaviour_funnel_daily order by day, sku`;

async function tableAfter(batches: readonly (readonly ShopstreamEvent[])[]): Promise<unknown[]> {
  const harness = await ProjectionHarness.create(behaviourFunnelDailyProjection);
  try {
    for (const batch of batches) await harness.given(...batch);
    return [
      ...(await harness.rows('select * from behaviour_funnel_daily order by day, sku')),
      ...(await harness.rows('select * from behaviour_funnel_daily_session_carts order by session_id, sku')),
    ];
  } finally {
    await harness.close();
  }
}

describe('behaviour_funnel_daily', () => {
  let harness: ProjectionHarness;
  beforeEach(async () => (harness = await ProjectionHarness.create(behaviourFunnelDailyProjection)));
  afterEach(async () => harness.close());

  it('counts views, cart adds, checkouts of what is in the cart, and orders, per sku and UTC day', async () => {
    await harness.given(...history());
    expect(await harness.rows(FUNNEL)).toEqual([
      { day: '2026-11-27', sku: 'A', views: 2, cart_adds: 3, checkouts: 1, orders: 1, conversion: 0.5 },
      { day: '2026-11-27', sku: 'B', views: 1, cart_adds: 1, checkouts: 0, orders: 0, conversion: 0 },
      { day: '2026-11-28', sku: 'A', views: 0, cart_adds: 0, checkouts: 1, orders: 1, conversion: null },
      { day: '2026-11-28', sku: 'C', views: 0, cart_adds: 0, checkouts: 0, orders: 1, conversion: null },
    ]);
  });

  it('counts a checkout once per sku however many units of it are in the cart', async () => {
    await harness.given(added('s3', 'D', 5, at(DAY1, 1)), added('s3', 'D', 2, at(DAY1, 2)));
    await harness.given(checkout('s3', at(DAY1, 3)));
    expect(await harness.rows('select checkouts::int from behaviour_funnel_daily')).toEqual([
      { checkouts: 1 },
    ]);
  });

  it('remembers a cart across batches and forgets a sku removed from it', async () => {
    await harness.given(added('s4', 'E', 1, at(DAY1, 1)), added('s4', 'F', 1, at(DAY1, 2)));
    await harness.given(removed('s4', 'F', 3, at(DAY1, 3)));
    await harness.given(checkout('s4', at(DAY1, 4)));
    expect(await harness.rows('select sku, checkouts::int from behaviour_funnel_daily order by sku')).toEqual(
      [
        { sku: 'E', checkouts: 1 },
        { sku: 'F', checkouts: 0 },
      ],
    );
    expect(await harness.rows('select sku, quantity::int from behaviour_funnel_daily_session_carts')).toEqual(
      [{ sku: 'E', quantity: 1 }],
    );
  });

  it('does not count a view, cart add or checkout twice when it is delivered again', async () => {
    const view = viewed('s5', 'G', at(DAY1, 1));
    const add = added('s5', 'G', 1, at(DAY1, 2));
    const start = checkout('s5', at(DAY1, 3));
    await harness.given(view, view, add);
    await harness.given(add, start, start);
    await harness.given(view, add, start);
    expect(await harness.rows(FUNNEL)).toEqual([
      { day: '2026-11-27', sku: 'G', views: 1, cart_adds: 1, checkouts: 1, orders: 0, conversion: 0 },
    ]);
    expect(await harness.rows('select quantity::int from behaviour_funnel_daily_session_carts')).toEqual([
      { quantity: 1 },
    ]);
  });

  it('gives the same funnel and carts however the history is split into batches', async () => {
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
