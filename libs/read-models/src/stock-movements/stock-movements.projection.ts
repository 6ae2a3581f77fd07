import { defineProjection } from '@shopstream/projections';
import { STOCK_MOVEMENTS_TABLE } from './stock-movements.table';
import { STOCK_MOVEMENTS_EVENTS, toStockMovement } from './stock-movements.fold';

/** Every change to a sku's on-hand or reserved units, as a ledger that sums to stock_levels. */
export const stockMovementsProjection = defineProjection({
  name: 'stock_movements',
  version: 1,
  durability: 'log-derived',
  idempotent: true,
  writeOnly: true,
  description: 'Ledger of inventory movements: received, adjusted, reserved, released, committed',
  events: STOCK_MOVEMENTS_EVENTS,
  tables: [STOCK_MOVEMENTS_TABLE],
  async apply(batch, sql) {
    const movements = batch.map(toStockMovement);
    if (movements.length === 0) return;
    // A ledger only appends; a copy of an event already in it (same event id, produced again) changes nothing.
    await sql.query(
      `insert into stock_movements
         (event_id, sku, movement, on_hand_delta, reserved_delta, order_id, reason, occurred_at, topic, partition, "offset")
       select * from unnest(
         $1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::timestamptz[],
         $9::text[], $10::integer[], $11::bigint[]
       )
       on conflict (event_id) do nothing`,
      [
        movements.map((m) => m.eventId),
        movements.map((m) => m.sku),
        movements.map((m) => m.movement),
        movements.map((m) => m.onHandDelta),
        movements.map((m) => m.reservedDelta),
        movements.map((m) => m.orderId),
        movements.map((m) => m.reason),
        movements.map((m) => new Date(m.occurredAt).toISOString()),
        movements.map((m) => m.topic),
        movements.map((m) => m.partition),
        movements.map((m) => m.offset),
      ],
    );
  },
});
