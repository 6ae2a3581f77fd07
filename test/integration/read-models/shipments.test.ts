import {
  ShipmentCreated,
  ShipmentDelivered,
  ShipmentDispatched,
  ShipmentReturned,
  ShopstreamEvent,
} from '@shopstream/events';
import { shipmentsProjection } from '@shopstream/read-models';
import { rowsWhateverTheSplit } from '../../support/batch-splits';
import { metadata } from '../../support/event-builders';
import { ProjectionHarness } from '../../support/projection-harness';

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
const at = (minutes: number) => T0 + minutes * 60_000;
const time = (minutes: number) => new Date(at(minutes));
const DAY = 24 * 60;

const about = (orderId: string, version: number, minutes: number) => ({
  metadata: metadata(orderId, version, at(minutes)),
  orderId,
  shipmentId: `shp_${orderId}`,
});
const created = (orderId: string, version: number, minutes: number): ShipmentCreated => ({
  type: 'shopstream.shipments.ShipmentCreated',
  ...about(orderId, version, minutes),
  address: {
    name: 'Ada Weber',
    line1: 'Torstr. 1',
    line2: 'Hinterhaus',
    city: 'Berlin',
    postalCode: '10119',
    country: 'DE',
  },
});
const dispatched = (orderId: string, version: number, minutes: number): ShipmentDispatched => ({
  type: 'shopstream.shipments.ShipmentDispatched',
  ...about(orderId, version, minutes),
  carrier: 'DHL',
  trackingNumber: '00340434161234567890',
});
const delivered = (orderId: string, version: number, minutes: number): ShipmentDelivered => ({
  type: 'shopstream.shipments.ShipmentDelivered',
  ...about(orderId, version, minutes),
});
const returned = (
  orderId: string,
  version: number,
  minutes: number,
  reason: string | null,
): ShipmentReturned => ({
  type: 'shopstream.shipments.ShipmentReturned',
  ...about(orderId, version, minutes),
  reason,
});

const ALL_ROWS = 'select * from shipments order by shipment_id';

const rowsWhateverTheSplitOf = (history: readonly ShopstreamEvent[]) =>
  rowsWhateverTheSplit(shipmentsProjection, history, ALL_ROWS);

describe('shipments read model', () => {
  it('follows a shipment from creation to delivery', async () => {
    const history = [created('ord_1', 1, 60), dispatched('ord_1', 2, 120), delivered('ord_1', 3, 2 * DAY)];
    expect(await rowsWhateverTheSplitOf(history)).toEqual([
      {
        shipment_id: 'shp_ord_1',
        order_id: 'ord_1',
        status: 'DELIVERED',
        carrier: 'DHL',
        tracking_number: '00340434161234567890',
        ship_to_city: 'Berlin',
        ship_to_country: 'DE',
        created_at: time(60),
        dispatched_at: time(120),
        delivered_at: time(2 * DAY),
        returned_at: null,
        return_reason: null,
        updated_at: time(2 * DAY),
      },
    ]);
  });

  it('records a return and its reason, and a later reasonless return clears the reason', async () => {
    const history = [
      created('ord_2', 1, 60),
      dispatched('ord_2', 2, 120),
      returned('ord_2', 3, 3 * DAY, 'Recipient unknown at address'),
    ];
    expect(await rowsWhateverTheSplitOf(history)).toEqual([
      expect.objectContaining({
        status: 'RETURNED',
        returned_at: time(3 * DAY),
        return_reason: 'Recipient unknown at address',
      }),
    ]);
    const again = await rowsWhateverTheSplitOf([...history, returned('ord_2', 4, 5 * DAY, null)]);
    expect(again).toEqual([expect.objectContaining({ returned_at: time(5 * DAY), return_reason: null })]);
  });

  it('keeps a row for a dispatch whose ShipmentCreated was never seen', async () => {
    expect(await rowsWhateverTheSplitOf([dispatched('ord_3', 2, 120)])).toEqual([
      {
        shipment_id: 'shp_ord_3',
        order_id: 'ord_3',
        status: 'DISPATCHED',
        carrier: 'DHL',
        tracking_number: '00340434161234567890',
        ship_to_city: null,
        ship_to_country: null,
        created_at: null,
        dispatched_at: time(120),
        delivered_at: null,
        returned_at: null,
        return_reason: null,
        updated_at: time(120),
      },
    ]);
  });

  it('changes nothing when the same event is delivered twice', async () => {
    const harness = await ProjectionHarness.create(shipmentsProjection);
    try {
      const dispatch = dispatched('ord_4', 2, 120);
      await harness.given(created('ord_4', 1, 60), dispatch);
      const once = await harness.rows(ALL_ROWS);
      // Idempotent: the engine hands it the copies, and they change nothing.
      expect(await harness.given(dispatch, dispatch)).toEqual({ applied: 2, duplicates: 0 });
      expect(await harness.rows(ALL_ROWS)).toEqual(once);
    } finally {
      await harness.close();
    }
  });

  it('gives the same table whatever the split of interleaved shipments', async () => {
    const history = [
      created('ord_a', 1, 1),
      created('ord_b', 1, 2),
      dispatched('ord_a', 2, 3),
      dispatched('ord_b', 2, 4),
      delivered('ord_a', 3, DAY),
      returned('ord_b', 3, DAY + 1, 'Refused by recipient'),
    ];
    const rows = await rowsWhateverTheSplitOf(history);
    expect(rows.map((r) => [r.shipment_id, r.status])).toEqual([
      ['shp_ord_a', 'DELIVERED'],
      ['shp_ord_b', 'RETURNED'],
    ]);
  });
});
