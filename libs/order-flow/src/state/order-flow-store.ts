import { SqlExecutor } from '@shopstream/database';
import { OrderState } from '@shopstream/orders';
import { emptyStockLevel, StockLevel } from '@shopstream/inventory';

export type ShipmentStatus = 'CREATED' | 'DISPATCHED' | 'DELIVERED' | 'RETURNED';

export interface ShipmentRow {
  readonly shipmentId: string;
  readonly orderId: string;
  readonly status: ShipmentStatus;
  readonly version: number;
}

/**
 * Reads and writes the write side's rows. Every `lock*` takes row locks in key order (orders before stock, each
 * sorted), the one order every transaction follows, so two deciders never wait on each other in a cycle.
 */
export class OrderFlowStore {
  constructor(private readonly sql: SqlExecutor) {}

  async lockOrders(orderIds: readonly string[]): Promise<Map<string, OrderState>> {
    if (orderIds.length === 0) return new Map();
    const rows = await this.sql.query<{ order_id: string; state: OrderState }>(
      'select order_id, state from order_flow.orders where order_id = any($1::text[]) order by order_id for update',
      [[...new Set(orderIds)].sort()],
    );
    return new Map(rows.map((r) => [r.order_id, r.state]));
  }

  async lockStock(skus: readonly string[]): Promise<Map<string, StockLevel>> {
    if (skus.length === 0) return new Map();
    const wanted = [...new Set(skus)].sort();
    // Create missing rows first so that they can be locked too: a sku never received still takes part in a reservation.
    await this.sql.query(
      `insert into order_flow.stock (sku, state, version)
       select sku, state, 0 from unnest($1::text[], $2::jsonb[]) as t(sku, state) on conflict (sku) do nothing`,
      [wanted, wanted.map((sku) => JSON.stringify(emptyStockLevel(sku)))],
    );
    const rows = await this.sql.query<{ sku: string; state: StockLevel }>(
      'select sku, state from order_flow.stock where sku = any($1::text[]) order by sku for update',
      [wanted],
    );
    const levels = new Map(rows.map((r) => [r.sku, r.state]));
    for (const sku of wanted) if (!levels.has(sku)) levels.set(sku, emptyStockLevel(sku));
    return levels;
  }

  async lockShipment(shipmentId: string): Promise<ShipmentRow | null> {
    const [row] = await this.sql.query<{
      shipment_id: string;
      order_id: string;
      status: ShipmentStatus;
      version: number;
    }>(
      'select shipment_id, order_id, status, version from order_flow.shipments where shipment_id = $1 for update',
      [shipmentId],
    );
    return row
      ? { shipmentId: row.shipment_id, orderId: row.order_id, status: row.status, version: row.version }
      : null;
  }

  async saveOrders(states: readonly OrderState[]): Promise<void> {
    if (states.length === 0) return;
    await this.sql.query(
      `insert into order_flow.orders (order_id, status, state, version)
       select * from unnest($1::text[], $2::text[], $3::jsonb[], $4::int[])
       on conflict (order_id) do update set
         status_changed_at = case when order_flow.orders.status = excluded.status then order_flow.orders.status_changed_at else now() end,
         status = excluded.status, state = excluded.state, version = excluded.version, updated_at = now()`,
      [
        states.map((s) => s.orderId),
        states.map((s) => s.status),
        states.map((s) => JSON.stringify(s)),
        states.map((s) => s.version),
      ],
    );
  }

  async saveStock(levels: readonly StockLevel[]): Promise<void> {
    if (levels.length === 0) return;
    await this.sql.query(
      `insert into order_flow.stock (sku, state, version)
       select * from unnest($1::text[], $2::jsonb[], $3::int[])
       on conflict (sku) do update set state = excluded.state, version = excluded.version, updated_at = now()`,
      [levels.map((l) => l.sku), levels.map((l) => JSON.stringify(l)), levels.map((l) => l.version)],
    );
  }

  async saveShipment(row: ShipmentRow): Promise<void> {
    await this.sql.query(
      `insert into order_flow.shipments (shipment_id, order_id, status, version) values ($1, $2, $3, $4)
       on conflict (shipment_id) do update set status = excluded.status, version = excluded.version, updated_at = now()`,
      [row.shipmentId, row.orderId, row.status, row.version],
    );
  }
}

export interface PaymentRow {
  readonly paymentId: string;
  readonly orderId: string;
  readonly status: string;
  readonly version: number;
}

/** Payment rows: the provider's payment as an aggregate, so its events carry a proper version sequence. */
export class PaymentStore {
  constructor(private readonly sql: SqlExecutor) {}

  async lock(paymentId: string): Promise<PaymentRow | null> {
    const [row] = await this.sql.query<{
      payment_id: string;
      order_id: string;
      status: string;
      version: number;
    }>(
      'select payment_id, order_id, status, version from order_flow.payments where payment_id = $1 for update',
      [paymentId],
    );
    return row
      ? { paymentId: row.payment_id, orderId: row.order_id, status: row.status, version: row.version }
      : null;
  }

  async save(row: PaymentRow): Promise<void> {
    await this.sql.query(
      `insert into order_flow.payments (payment_id, order_id, status, version) values ($1, $2, $3, $4)
       on conflict (payment_id) do update set status = excluded.status, version = excluded.version, updated_at = now()`,
      [row.paymentId, row.orderId, row.status, row.version],
    );
  }
}

/**
 * The write side's version of an order, or null when it has none: what a reader waits for its read model to reach
 * once the processor has reacted to a client's payment or shipment event. Not locked: a reader only looks.
 */
export async function writtenOrderVersion(sql: SqlExecutor, orderId: string): Promise<number | null> {
  const [row] = await sql.query<{ version: number }>(
    'select version from order_flow.orders where order_id = $1',
    [orderId],
  );
  return row ? Number(row.version) : null;
}
