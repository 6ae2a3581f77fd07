import { ShopstreamEvent, StockReserved } from '@shopstream/events';
import { orderTimelineProjection } from '@shopstream/read-models';
import { rowsWhateverTheSplit } from '../../support/batch-splits';
import { metadata } from '../../support/event-builders';
import { ProjectionHarness } from '../../support/projection-harness';

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
const at = (minutes: number) => T0 + minutes * 60_000;
const ORDER = 'ord_1';
const PAYMENT = { orderId: ORDER, paymentId: 'pay_1', amountMinor: 6663, currency: 'EUR' };

/** One order's whole life as the four topics tell it: stock reserved, paid, shipped, delivered. */
const lifecycle = (): ShopstreamEvent[] => [
  {
    type: 'shopstream.orders.OrderPlaced',
    metadata: metadata(ORDER, 1, at(0)),
    orderId: ORDER,
    customerId: 'cus_ada',
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
    channel: 'WEB',
  },
  {
    type: 'shopstream.inventory.StockReserved',
    metadata: metadata('SKU-MUG-01', 7, at(1)),
    sku: 'SKU-MUG-01',
    orderId: ORDER,
    quantity: 2,
  },
  {
    type: 'shopstream.inventory.StockReserved',
    metadata: metadata('SKU-TEE-M', 3, at(1)),
    sku: 'SKU-TEE-M',
    orderId: ORDER,
    quantity: 1,
  },
  { type: 'shopstream.orders.OrderConfirmed', metadata: metadata(ORDER, 2, at(2)), orderId: ORDER },
  { type: 'shopstream.payments.PaymentAuthorized', metadata: metadata(ORDER, 1, at(3)), ...PAYMENT },
  { type: 'shopstream.payments.PaymentCaptured', metadata: metadata(ORDER, 2, at(4)), ...PAYMENT },
  { type: 'shopstream.orders.OrderPaid', metadata: metadata(ORDER, 3, at(5)), ...PAYMENT },
  {
    type: 'shopstream.shipments.ShipmentCreated',
    metadata: metadata(ORDER, 1, at(60)),
    orderId: ORDER,
    shipmentId: 'shp_1',
    address: {
      name: 'Ada Weber',
      line1: 'Torstr. 1',
      line2: null,
      city: 'Berlin',
      postalCode: '10119',
      country: 'DE',
    },
  },
  {
    type: 'shopstream.inventory.StockCommitted',
    metadata: metadata('SKU-MUG-01', 8, at(61)),
    sku: 'SKU-MUG-01',
    orderId: ORDER,
    quantity: 2,
  },
  {
    type: 'shopstream.shipments.ShipmentDispatched',
    metadata: metadata(ORDER, 2, at(62)),
    orderId: ORDER,
    shipmentId: 'shp_1',
    carrier: 'DHL',
    trackingNumber: '00340434161234567890',
  },
  {
    type: 'shopstream.orders.OrderShipped',
    metadata: metadata(ORDER, 4, at(63)),
    orderId: ORDER,
    shipmentId: 'shp_1',
    carrier: 'DHL',
    trackingNumber: '00340434161234567890',
  },
  {
    type: 'shopstream.shipments.ShipmentDelivered',
    metadata: metadata(ORDER, 3, at(2880)),
    orderId: ORDER,
    shipmentId: 'shp_1',
  },
  {
    type: 'shopstream.orders.OrderDelivered',
    metadata: metadata(ORDER, 5, at(2881)),
    orderId: ORDER,
    shipmentId: 'shp_1',
  },
];

const ALL_ROWS = 'select * from order_timeline order by order_id, occurred_at, "offset"';

const rowsWhateverTheSplitOf = (history: readonly ShopstreamEvent[]) =>
  rowsWhateverTheSplit(orderTimelineProjection, history, ALL_ROWS);

describe('order_timeline read model', () => {
  it('tells an order’s life from placement to delivery across orders, stock, payments and shipments', async () => {
    const history = lifecycle();
    const rows = await rowsWhateverTheSplitOf(history);
    expect(rows.map((r) => [r.event_type, r.summary])).toEqual([
      ['shopstream.orders.OrderPlaced', 'Placed by cus_ada via WEB: 3 items, 66.63 EUR'],
      ['shopstream.inventory.StockReserved', '2 x SKU-MUG-01 reserved'],
      ['shopstream.inventory.StockReserved', '1 x SKU-TEE-M reserved'],
      ['shopstream.orders.OrderConfirmed', 'Confirmed: stock reserved for every line'],
      ['shopstream.payments.PaymentAuthorized', 'Payment pay_1 authorized for 66.63 EUR'],
      ['shopstream.payments.PaymentCaptured', 'Payment pay_1 captured 66.63 EUR'],
      ['shopstream.orders.OrderPaid', 'Paid 66.63 EUR (payment pay_1)'],
      ['shopstream.shipments.ShipmentCreated', 'Shipment shp_1 created to Berlin, DE'],
      ['shopstream.inventory.StockCommitted', '2 x SKU-MUG-01 committed'],
      [
        'shopstream.shipments.ShipmentDispatched',
        'Shipment shp_1 dispatched with DHL, tracking 00340434161234567890',
      ],
      ['shopstream.orders.OrderShipped', 'Shipped with DHL, tracking 00340434161234567890'],
      ['shopstream.shipments.ShipmentDelivered', 'Shipment shp_1 delivered'],
      ['shopstream.orders.OrderDelivered', 'Delivered (shipment shp_1)'],
    ]);
    expect(rows[1]).toEqual({
      event_id: (history[1] as StockReserved).metadata.eventId,
      order_id: ORDER,
      event_type: 'shopstream.inventory.StockReserved',
      occurred_at: new Date(at(1)),
      aggregate_version: 7,
      topic: 'shopstream.inventory',
      partition: 0,
      offset: '1',
      summary: '2 x SKU-MUG-01 reserved',
      payload: JSON.parse(JSON.stringify(history[1])),
    });
  });

  it('tells a cancellation after payment with its refund, and a rejection for want of stock', async () => {
    const rows = await rowsWhateverTheSplitOf([
      {
        type: 'shopstream.orders.OrderCancelled',
        metadata: metadata('ord_2', 4, at(30)),
        orderId: 'ord_2',
        reason: 'CUSTOMER_REQUEST',
        cancelledBy: 'CUSTOMER',
        refundDue: true,
      },
      {
        type: 'shopstream.inventory.StockReleased',
        metadata: metadata('SKU-MUG-01', 9, at(31)),
        sku: 'SKU-MUG-01',
        orderId: 'ord_2',
        quantity: 2,
      },
      {
        type: 'shopstream.payments.PaymentRefunded',
        metadata: metadata('ord_2', 3, at(32)),
        orderId: 'ord_2',
        paymentId: 'pay_2',
        amountMinor: 500,
        currency: 'JPY',
      },
      {
        type: 'shopstream.orders.OrderRefunded',
        metadata: metadata('ord_2', 5, at(33)),
        orderId: 'ord_2',
        amountMinor: 500,
        currency: 'JPY',
        reason: `Cancelled: "don't" \\ 'want' it`,
      },
      {
        type: 'shopstream.inventory.StockReservationFailed',
        metadata: metadata('SKU-MUG-01', 10, at(40)),
        sku: 'SKU-MUG-01',
        orderId: 'ord_3',
        quantity: 5,
        available: 1,
      },
      {
        type: 'shopstream.orders.OrderRejected',
        metadata: metadata('ord_3', 2, at(41)),
        orderId: 'ord_3',
        reason: 'OUT_OF_STOCK',
        detail: null,
      },
      {
        type: 'shopstream.payments.PaymentFailed',
        metadata: metadata('ord_4', 2, at(50)),
        orderId: 'ord_4',
        paymentId: 'pay_4',
        amountMinor: 1999,
        currency: 'EUR',
        failureCode: 'card_declined',
        message: 'Do not honor',
      },
      {
        type: 'shopstream.shipments.ShipmentReturned',
        metadata: metadata('ord_5', 4, at(60)),
        orderId: 'ord_5',
        shipmentId: 'shp_5',
        reason: null,
      },
    ]);
    expect(rows.map((r) => [r.order_id, r.summary])).toEqual([
      ['ord_2', 'Cancelled by CUSTOMER: CUSTOMER_REQUEST, refund due'],
      ['ord_2', '2 x SKU-MUG-01 released'],
      ['ord_2', 'Payment pay_2 refunded 500 JPY'],
      ['ord_2', `Refunded 500 JPY (Cancelled: "don't" \\ 'want' it)`],
      ['ord_3', '5 x SKU-MUG-01 not reserved: 1 available'],
      ['ord_3', 'Rejected: OUT_OF_STOCK'],
      ['ord_4', 'Payment pay_4 failed: card_declined (Do not honor)'],
      ['ord_5', 'Shipment shp_5 returned'],
    ]);
    // Quotes and a backslash in a payload come back as they went in.
    expect(rows[3]!.payload).toMatchObject({ reason: `Cancelled: "don't" \\ 'want' it` });
  });

  it('records events of an order whose OrderPlaced it has not seen, since other topics may run ahead', async () => {
    const rows = await rowsWhateverTheSplitOf(lifecycle().slice(4, 7));
    expect(rows.map((r) => r.event_type)).toEqual([
      'shopstream.payments.PaymentAuthorized',
      'shopstream.payments.PaymentCaptured',
      'shopstream.orders.OrderPaid',
    ]);
  });

  it('writes one row for an event delivered twice', async () => {
    const harness = await ProjectionHarness.create(orderTimelineProjection);
    try {
      const [placedEvent, reserved] = lifecycle();
      // Idempotent: the engine hands it the copies, and they change nothing.
      expect(await harness.given(placedEvent!, reserved!, placedEvent!)).toEqual({
        applied: 3,
        duplicates: 0,
      });
      const once = await harness.rows(ALL_ROWS);
      expect(await harness.given(reserved!)).toEqual({ applied: 1, duplicates: 0 });
      expect(await harness.rows(ALL_ROWS)).toEqual(once);
      expect(once).toHaveLength(2);
    } finally {
      await harness.close();
    }
  });
});
