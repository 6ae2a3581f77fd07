import { SqlExecutor } from '@shopstream/database';
import type { ShipmentStatus } from '../shipments/shipment-rules';

export interface ShipmentRow {
  readonly shipmentId: string;
  readonly orderId: string;
  readonly status: ShipmentStatus;
  readonly version: number;
}

/** All the SQL on order_flow.shipments: each shipment as an aggregate, so its events carry a version sequence. */
export class ShipmentStore {
  constructor(private readonly sql: SqlExecutor) {}

  async lock(shipmentId: string): Promise<ShipmentRow | null> {
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

  async save(row: ShipmentRow): Promise<void> {
    await this.sql.query(
      `insert into order_flow.shipments (shipment_id, order_id, status, version) values ($1, $2, $3, $4)
       on conflict (shipment_id) do update set status = excluded.status, version = excluded.version, updated_at = now()`,
      [row.shipmentId, row.orderId, row.status, row.version],
    );
  }
}
