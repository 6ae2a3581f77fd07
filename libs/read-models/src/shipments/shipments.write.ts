import { SqlExecutor } from '@shopstream/database';
import { ShipmentChange } from './shipments.fold';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** One upsert for the whole batch; each set clause is the fold's rule for that column. */
export async function writeShipments(sql: SqlExecutor, changes: readonly ShipmentChange[]): Promise<void> {
  if (changes.length === 0) return;
  const column = <V>(pick: (c: ShipmentChange) => V) => changes.map(pick);
  await sql.query(
    `insert into shipments (
       shipment_id, order_id, status, carrier, tracking_number, ship_to_city, ship_to_country,
       created_at, dispatched_at, delivered_at, returned_at, return_reason, updated_at)
     select * from unnest(
       $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
       $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::text[], $13::timestamptz[])
     on conflict (shipment_id) do update set
       order_id = excluded.order_id,
       status = excluded.status,
       carrier = coalesce(excluded.carrier, shipments.carrier),
       tracking_number = coalesce(excluded.tracking_number, shipments.tracking_number),
       ship_to_city = coalesce(excluded.ship_to_city, shipments.ship_to_city),
       ship_to_country = coalesce(excluded.ship_to_country, shipments.ship_to_country),
       created_at = coalesce(excluded.created_at, shipments.created_at),
       dispatched_at = coalesce(excluded.dispatched_at, shipments.dispatched_at),
       delivered_at = coalesce(excluded.delivered_at, shipments.delivered_at),
       returned_at = coalesce(excluded.returned_at, shipments.returned_at),
       -- The reason belongs to the return in the same batch, even when that return gave none.
       return_reason = case when excluded.returned_at is null then shipments.return_reason
                            else excluded.return_reason end,
       updated_at = greatest(shipments.updated_at, excluded.updated_at)`,
    [
      column((c) => c.shipmentId),
      column((c) => c.orderId),
      column((c) => c.status),
      column((c) => c.carrier),
      column((c) => c.trackingNumber),
      column((c) => c.shipToCity),
      column((c) => c.shipToCountry),
      column((c) => iso(c.createdAt)),
      column((c) => iso(c.dispatchedAt)),
      column((c) => iso(c.deliveredAt)),
      column((c) => iso(c.returnedAt)),
      column((c) => c.returnReason),
      column((c) => iso(c.updatedAt)),
    ],
  );
}
