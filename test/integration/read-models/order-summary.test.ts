import fc from 'fast-check';
import {
  OrderCancelled,
  OrderConfirmed,
  OrderDelivered,
  OrderPaid,
  OrderPlaced,
  OrderRefunded,
  OrderRejected,
  OrderShipped,
  ShopstreamEvent,
} from '@shopstream/events';
import { orderSummaryProjection } from '@shopstream/read-models';
import { rowsAfter, rowsWhateverTheSplit } from '../../support/batch-splits';
import { metadata } from '../../support/event-builders';
import { ProjectionHarness } from '../../support/projection-harness';

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
const at = (minutes: number) => T0 + minutes * 60_000;
const time = (minutes: number) => new Date(at(minutes));

const placed = (orderId: string, customerId: string, version = 1, minutes = 0): OrderPlaced => ({
  type: 'shopstream.orders.OrderPlaced',
  metadata: metadata(orderId, version, at(minutes)),
  orderId,
  customerId,
  currency: 'EUR',
  lines: [
    { sku: 'SKU-MUG-01', quantity: 2, unitPriceMinor: 1299 },
    { sku: 'SKU-TEE-M', quantity: 1, unitPriceMinor: 2499 },
  ],
  totals: { subtotalMinor: 5097, shippingMinor: 495, taxMinor: 1071, totalMinor: 6663 },
  shippingAddress: {
    name: 'Ada Weber',
    line1: 'Torstr. 1',
    line2: null,
    city: 'Berlin',
    postalCode: '10119',
    country: 'DE',
  },
  channel: 'MOBILE_APP',
});
const confirmed = (orderId: string, version: number, minutes: number): OrderConfirmed => ({
  type: 'shopstream.orders.OrderConfirmed',
  metadata: metadata(orderId, version, at(minutes)),
  orderId,
});
const rejected = (orderId: string, version: number, minutes: number): OrderRejected => ({
  type: 'shopstream.orders.OrderRejected',
  metadata: metadata(orderId, version, at(minutes)),
  orderId,
  reason: 'OUT_OF_STOCK',
  detail: 'SKU-MUG-01: 2 wanted, 1 available',
});
const paid = (orderId: string, version: number, minutes: number, amountMinor = 6663): OrderPaid => ({
  type: 'shopstream.orders.OrderPaid',
  metadata: metadata(orderId, version, at(minutes)),
  orderId,
  amountMinor,
  currency: 'EUR',
  paymentId: `pay_${orderId}`,
});
const shipped = (orderId: string, version: number, minutes: number): OrderShipped => ({
  type: 'shopstream.orders.OrderShipped',
  metadata: metadata(orderId, version, at(minutes)),
  orderId,
  shipmentId: `shp_${orderId}`,
  carrier: 'DHL',
  trackingNumber: '00340434161234567890',
});
const delivered = (orderId: string, version: number, minutes: number): OrderDelivered => ({
  type: 'shopstream.orders.OrderDelivered',
  metadata: metadata(orderId, version, at(minutes)),
  orderId,
  shipmentId: `shp_${orderId}`,
});
const cancelled = (orderId: string, version: number, minutes: number): OrderCancelled => ({
  type: 'shopstream.orders.OrderCancelled',
  metadata: metadata(orderId, version, at(minutes)),
  orderId,
  reason: 'CUSTOMER_REQUEST',
  cancelledBy: 'CUSTOMER',
  refundDue: true,
});
const refunded = (orderId: string, version: number, minutes: number, amountMinor: number): OrderRefunded => ({
  type: 'shopstream.orders.OrderRefunded',
  metadata: metadata(orderId, version, at(minutes)),
  orderId,
  amountMinor,
  currency: 'EUR',
  reason: null,
});

const ALL_ROWS = 'select * from order_summary order by order_id';

const rowsWhateverTheSplitOf = (history: readonly ShopstreamEvent[]) =>
  rowsWhateverTheSplit(orderSummaryProjection, history, ALL_ROWS);

const placedColumns = {
  customer_id: 'cus_ada',
  currency: 'EUR',
  subtotal_minor: '5097',
  shipping_minor: '495',
  tax_minor: '1071',
  total_minor: '6663',
  channel: 'MOBILE_APP',
  line_count: 2,
  item_count: 3,
  placed_at: time(0),
};
const noTimes = {
  placed_at: null,
  confirmed_at: null,
  rejected_at: null,
  paid_at: null,
  shipped_at: null,
  delivered_at: null,
  cancelled_at: null,
  refunded_at: null,
};
const noReasons = { rejection_reason: null, cancellation_reason: null, cancelled_by: null };

describe('order_summary read model', () => {
  it('follows an order from placement to delivery', async () => {
    const history = [
      placed('ord_1', 'cus_ada'),
      confirmed('ord_1', 2, 1),
      paid('ord_1', 3, 5),
      shipped('ord_1', 4, 60),
      delivered('ord_1', 5, 2 * 24 * 60),
    ];
    expect(await rowsWhateverTheSplitOf(history)).toEqual([
      {
        order_id: 'ord_1',
        status: 'DELIVERED',
        ...noTimes,
        ...placedColumns,
        confirmed_at: time(1),
        paid_at: time(5),
        shipped_at: time(60),
        delivered_at: time(2 * 24 * 60),
        ...noReasons,
        refunded_minor: '0',
        version: 5,
        updated_at: time(2 * 24 * 60),
      },
    ]);
  });

  it('sums the refunds of an order cancelled after payment', async () => {
    const history = [
      placed('ord_2', 'cus_ada'),
      confirmed('ord_2', 2, 1),
      paid('ord_2', 3, 5),
      cancelled('ord_2', 4, 30),
      refunded('ord_2', 5, 31, 6000),
      refunded('ord_2', 6, 40, 663),
    ];
    expect(await rowsWhateverTheSplitOf(history)).toEqual([
      {
        order_id: 'ord_2',
        status: 'REFUNDED',
        ...noTimes,
        ...placedColumns,
        confirmed_at: time(1),
        paid_at: time(5),
        cancelled_at: time(30),
        refunded_at: time(40),
        rejection_reason: null,
        cancellation_reason: 'CUSTOMER_REQUEST',
        cancelled_by: 'CUSTOMER',
        refunded_minor: '6663',
        version: 6,
        updated_at: time(40),
      },
    ]);
  });

  it('records why an order was rejected', async () => {
    const history = [placed('ord_3', 'cus_ada'), rejected('ord_3', 2, 1)];
    expect(await rowsWhateverTheSplitOf(history)).toEqual([
      {
        order_id: 'ord_3',
        status: 'REJECTED',
        ...noTimes,
        ...placedColumns,
        rejected_at: time(1),
        ...noReasons,
        rejection_reason: 'OUT_OF_STOCK',
        refunded_minor: '0',
        version: 2,
        updated_at: time(1),
      },
    ]);
  });

  it('keeps a partial row for a payment whose order placement was never seen', async () => {
    const rows = await rowsWhateverTheSplitOf([paid('ord_orphan', 3, 5), refunded('ord_orphan', 4, 9, 1000)]);
    expect(rows).toEqual([
      {
        order_id: 'ord_orphan',
        status: 'REFUNDED',
        customer_id: null,
        currency: 'EUR',
        subtotal_minor: null,
        shipping_minor: null,
        tax_minor: null,
        total_minor: null,
        channel: null,
        line_count: null,
        item_count: null,
        ...noTimes,
        paid_at: time(5),
        refunded_at: time(9),
        ...noReasons,
        refunded_minor: '1000',
        version: 4,
        updated_at: time(9),
      },
    ]);
  });

  it('fills the placement columns of a partial row when the OrderPlaced arrives', async () => {
    const [row] = await rowsWhateverTheSplitOf([paid('ord_late', 2, 5), placed('ord_late', 'cus_ada', 1, 0)]);
    expect(row).toMatchObject({
      ...placedColumns,
      status: 'PLACED',
      paid_at: time(5),
      version: 2,
      updated_at: time(5),
    });
  });

  it('does not count a refund twice when it is delivered twice', async () => {
    const harness = await ProjectionHarness.create(orderSummaryProjection);
    try {
      const refund = refunded('ord_4', 4, 31, 6663);
      await harness.given(placed('ord_4', 'cus_ada'), paid('ord_4', 2, 5), cancelled('ord_4', 3, 30));
      const before = await harness.rows(ALL_ROWS);
      await harness.given(refund, refund);
      const once = await harness.rows(ALL_ROWS);
      expect(await harness.given(refund)).toEqual({ applied: 0, duplicates: 1 });
      expect(await harness.rows(ALL_ROWS)).toEqual(once);
      expect(once).toEqual([
        {
          ...before[0],
          status: 'REFUNDED',
          refunded_at: time(31),
          refunded_minor: '6663',
          version: 4,
          updated_at: time(31),
        },
      ]);
    } finally {
      await harness.close();
    }
  });

  it('gives the same table for any split of interleaved order histories into batches', async () => {
    const history: ShopstreamEvent[] = [
      placed('ord_a', 'cus_ada'),
      placed('ord_b', 'cus_bo', 1, 2),
      confirmed('ord_a', 2, 3),
      rejected('ord_b', 2, 4),
      paid('ord_a', 3, 6),
      placed('ord_c', 'cus_ada', 1, 7),
      cancelled('ord_a', 4, 8),
      confirmed('ord_c', 2, 9),
      refunded('ord_a', 5, 10, 6663),
      paid('ord_c', 3, 11),
      shipped('ord_c', 4, 12),
      delivered('ord_c', 5, 13),
    ];
    const whole = await rowsAfter(orderSummaryProjection, [history], ALL_ROWS);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: history.length - 1 }), { maxLength: 6 }),
        async (cuts) => {
          const bounds = [0, ...[...cuts].sort((a, b) => a - b), history.length];
          const batches = bounds.slice(1).map((end, i) => history.slice(bounds[i], end));
          expect(await rowsAfter(orderSummaryProjection, batches, ALL_ROWS)).toEqual(whole);
        },
      ),
      { numRuns: 15 },
    );
  });
});
