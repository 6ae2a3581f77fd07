import { SHIPMENTS_EVENT_TYPES } from '@shopstream/events';
import { defineProjection } from '@shopstream/projections';
import { foldShipments } from './shipments.fold';
import { writeShipments } from './shipments.write';

/**
 * One row per shipment: where it goes, who carries it, and when it reached each status.
 *
 * A dispatch or delivery whose ShipmentCreated was never seen still makes a row (every shipments event carries the
 * shipment and order ids); the address columns stay null until a ShipmentCreated fills them.
 */
export const shipmentsProjection = defineProjection({
  name: 'shipments',
  version: 1,
  durability: 'log-derived',
  idempotent: true,
  writeOnly: true,
  description: 'Status, carrier, destination and status times of every shipment',
  events: SHIPMENTS_EVENT_TYPES,
  tables: [
    {
      name: 'shipments',
      ddl: `create table shipments (
        shipment_id text primary key,
        order_id text not null,
        status text not null,
        carrier text,
        tracking_number text,
        ship_to_city text,
        ship_to_country text,
        created_at timestamptz,
        dispatched_at timestamptz,
        delivered_at timestamptz,
        returned_at timestamptz,
        return_reason text,
        updated_at timestamptz not null
      )`,
      indexes: ['create index if not exists shipments_order_id on shipments (order_id)'],
    },
  ],
  async apply(batch, sql) {
    await writeShipments(sql, foldShipments(batch));
  },
});
