import fc from 'fast-check';
import { OrderPaid, OrderPlaced, OrderRefunded, OrdersEvent, ShopstreamEvent } from '@shopstream/events';
import { ProjectionInvariantError } from '@shopstream/projections';
import { customerOrdersProjection } from '@shopstream/read-models';
import { metadata } from '../../support/event-builders';
import { ProjectionHarness } from '../../support/projection-harness';

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
const at = (minutes: number) => T0 + minutes * 60_000;
const time = (minutes: number) => new Date(at(minutes));
const DAY = 24 * 60;

const placed = (
  orderId: string,
  customerId: string,
  minutes: number,
  totalMinor = 6663,
  currency = 'EUR',
): OrderPlaced => ({
  type: 'shopstream.orders.OrderPlaced',
  metadata: metadata(orderId, 1, at(minutes)),
  orderId,
  customerId,
  currency,
  lines: [{ sku: 'SKU-MUG-01', quantity: 1, unitPriceMinor: totalMinor - 495 }],
  totals: { subtotalMinor: totalMinor - 495, shippingMinor: 495, taxMinor: 0, totalMinor },
  shippingAddress: {
    name: 'Ada Weber',
    line1: 'Torstr. 1',
    line2: null,
    city: 'Berlin',
    postalCode: '10119',
    country: 'DE',
  },
  channel: 'WEB',
});
const paid = (
  orderId: string,
  version: number,
  minutes: number,
  amountMinor = 6663,
  currency = 'EUR',
): OrderPaid => ({
  type: 'shopstream.orders.OrderPaid',
  metadata: metadata(orderId, version, at(minutes)),
  orderId,
  amountMinor,
  currency,
  paymentId: `pay_${orderId}`,
});
const refunded = (orderId: string, version: number, minutes: number, amountMinor: number): OrderRefunded => ({
  type: 'shopstream.orders.OrderRefunded',
  metadata: metadata(orderId, version, at(minutes)),
  orderId,
  amountMinor,
  currency: 'EUR',
  reason: 'Cancelled by customer',
});
const step =
  (type: 'OrderConfirmed' | 'OrderRejected' | 'OrderShipped' | 'OrderDelivered' | 'OrderCancelled') =>
  (orderId: string, version: number, minutes: number): OrdersEvent => {
    const meta = { metadata: metadata(orderId, version, at(minutes)), orderId };
    switch (type) {
      case 'OrderConfirmed':
        return { type: 'shopstream.orders.OrderConfirmed', ...meta };
      case 'OrderRejected':
        return { type: 'shopstream.orders.OrderRejected', ...meta, reason: 'OUT_OF_STOCK', detail: null };
      case 'OrderShipped':
        return {
          type: 'shopstream.orders.OrderShipped',
          ...meta,
          shipmentId: `shp_${orderId}`,
          carrier: 'DHL',
          trackingNumber: '0034043416',
        };
      case 'OrderDelivered':
        return { type: 'shopstream.orders.OrderDelivered', ...meta, shipmentId: `shp_${orderId}` };
      case 'OrderCancelled':
        return {
          type: 'shopstream.orders.OrderCancelled',
          ...meta,
          reason: 'CUSTOMER_REQUEST',
          cancelledBy: 'CUSTOMER',
          refundDue: true,
        };
    }
  };
const confirmed = step('OrderConfirmed');
const rejected = step('OrderRejected');
const shipped = step('OrderShipped');
const delivered = step('OrderDelivered');
const cancelled = step('OrderCancelled');

interface Tables {
  orders: Record<string, unknown>[];
  lifetime: Record<string, unknown>[];
}

const read = async (harness: ProjectionHarness): Promise<Tables> => ({
  orders: await harness.rows('select * from customer_orders order by customer_id, order_id'),
  lifetime: await harness.rows('select * from customer_lifetime order by customer_id, currency'),
});

async function tablesAfter(batches: readonly (readonly ShopstreamEvent[])[]): Promise<Tables> {
  const harness = await ProjectionHarness.create(customerOrdersProjection);
  try {
    for (const batch of batches) await harness.given(...batch);
    return await read(harness);
  } finally {
    await harness.close();
  }
}

/** The tables after `history` in one batch, having checked that one batch per event and pairs give the same. */
async function tablesWhateverTheSplit(history: readonly ShopstreamEvent[]): Promise<Tables> {
  const whole = await tablesAfter([history]);
  expect(await tablesAfter(history.map((e) => [e]))).toEqual(whole);
  const pairs = history.flatMap((e, i) => (i % 2 === 0 ? [history.slice(i, i + 2)] : []));
  expect(await tablesAfter(pairs)).toEqual(whole);
  return whole;
}

describe('customer_orders read model', () => {
  it('keeps a delivered order current and counts it towards the customer’s lifetime value', async () => {
    const history = [
      placed('ord_1', 'cus_ada', 0),
      confirmed('ord_1', 2, 1),
      paid('ord_1', 3, 5),
      shipped('ord_1', 4, 60),
      delivered('ord_1', 5, 2 * DAY),
    ];
    expect(await tablesWhateverTheSplit(history)).toEqual({
      orders: [
        {
          customer_id: 'cus_ada',
          order_id: 'ord_1',
          placed_at: time(0),
          status: 'DELIVERED',
          total_minor: '6663',
          currency: 'EUR',
        },
      ],
      lifetime: [
        {
          customer_id: 'cus_ada',
          currency: 'EUR',
          order_count: 1,
          paid_count: 1,
          lifetime_value_minor: '6663',
          first_order_at: time(0),
          last_order_at: time(0),
        },
      ],
    });
  });

  it('takes refunds of an order cancelled after payment off the lifetime value, and counts a rejected order as placed but unpaid', async () => {
    const history = [
      placed('ord_1', 'cus_ada', 0),
      paid('ord_1', 2, 5),
      placed('ord_2', 'cus_ada', DAY, 2495),
      confirmed('ord_2', 2, DAY + 1),
      paid('ord_2', 3, DAY + 5, 2495),
      cancelled('ord_2', 4, DAY + 30),
      refunded('ord_2', 5, DAY + 31, 2495),
      placed('ord_3', 'cus_ada', 2 * DAY, 1999),
      rejected('ord_3', 2, 2 * DAY + 1),
    ];
    const { orders, lifetime } = await tablesWhateverTheSplit(history);
    expect(orders.map((r) => [r.order_id, r.status, r.total_minor])).toEqual([
      ['ord_1', 'PAID', '6663'],
      ['ord_2', 'REFUNDED', '2495'],
      ['ord_3', 'REJECTED', '1999'],
    ]);
    expect(lifetime).toEqual([
      {
        customer_id: 'cus_ada',
        currency: 'EUR',
        order_count: 3,
        paid_count: 2,
        lifetime_value_minor: '6663',
        first_order_at: time(0),
        last_order_at: time(2 * DAY),
      },
    ]);
  });

  it('keeps lifetime figures apart per currency', async () => {
    const { lifetime } = await tablesWhateverTheSplit([
      placed('ord_eu', 'cus_ada', 0),
      placed('ord_uk', 'cus_ada', 10, 4500, 'GBP'),
      paid('ord_uk', 2, 11, 4500, 'GBP'),
    ]);
    expect(lifetime.map((r) => [r.currency, r.order_count, r.paid_count, r.lifetime_value_minor])).toEqual([
      ['EUR', 1, 0, '0'],
      ['GBP', 1, 1, '4500'],
    ]);
  });

  it('parks a payment for an order it never saw placed, since only the placement names the customer', async () => {
    const harness = await ProjectionHarness.create(customerOrdersProjection);
    try {
      const orphan = paid('ord_ghost', 3, 5);
      const error = await harness.given(placed('ord_1', 'cus_ada', 0), orphan).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProjectionInvariantError);
      expect(error).toMatchObject({ eventId: orphan.metadata.eventId });
      // The engine parks the named event and applies the rest again; nothing of the failed attempt stays.
      expect(await read(harness)).toEqual({ orders: [], lifetime: [] });
    } finally {
      await harness.close();
    }
  });

  it('parks a second placement of an order rather than counting the order twice', async () => {
    const harness = await ProjectionHarness.create(customerOrdersProjection);
    try {
      await harness.given(placed('ord_1', 'cus_ada', 0));
      const again = placed('ord_1', 'cus_ada', 1);
      await expect(harness.given(again)).rejects.toMatchObject({
        code: 'PROJECTION_INVARIANT',
        eventId: again.metadata.eventId,
      });
      expect((await read(harness)).lifetime).toEqual([expect.objectContaining({ order_count: 1 })]);
    } finally {
      await harness.close();
    }
  });

  it('does not add a payment twice to the lifetime value when it is delivered twice', async () => {
    const harness = await ProjectionHarness.create(customerOrdersProjection);
    try {
      const payment = paid('ord_1', 2, 5);
      await harness.given(placed('ord_1', 'cus_ada', 0));
      await harness.given(payment, payment);
      const once = await read(harness);
      expect(await harness.given(payment)).toEqual({ applied: 0, duplicates: 1 });
      expect(await read(harness)).toEqual(once);
      expect(once.lifetime).toEqual([
        expect.objectContaining({ paid_count: 1, lifetime_value_minor: '6663' }),
      ]);
    } finally {
      await harness.close();
    }
  });

  it('gives the same tables for any split of several customers’ interleaved orders into batches', async () => {
    const history: ShopstreamEvent[] = [
      placed('ord_a', 'cus_ada', 0),
      placed('ord_b', 'cus_bo', 1, 2495),
      confirmed('ord_a', 2, 2),
      paid('ord_a', 3, 3),
      rejected('ord_b', 2, 4),
      placed('ord_c', 'cus_ada', 5, 1999),
      cancelled('ord_a', 4, 6),
      paid('ord_c', 2, 7, 1999),
      refunded('ord_a', 5, 8, 6663),
      placed('ord_d', 'cus_bo', 9, 999),
      paid('ord_d', 2, 10, 999),
    ];
    const whole = await tablesAfter([history]);
    expect(
      whole.lifetime.map((r) => [r.customer_id, r.order_count, r.paid_count, r.lifetime_value_minor]),
    ).toEqual([
      ['cus_ada', 2, 2, '1999'],
      ['cus_bo', 2, 1, '999'],
    ]);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: history.length - 1 }), { maxLength: 6 }),
        async (cuts) => {
          const bounds = [0, ...[...cuts].sort((a, b) => a - b), history.length];
          const batches = bounds.slice(1).map((end, i) => history.slice(bounds[i], end));
          expect(await tablesAfter(batches)).toEqual(whole);
        },
      ),
      { numRuns: 15 },
    );
  });
});
