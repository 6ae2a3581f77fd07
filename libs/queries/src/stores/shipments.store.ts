import { SqlExecutor } from '@shopstream/database';
import { shipmentsProjection } from '@shopstream/read-models';
import { ReadModelNames } from '../read-model-names/read-model-names';

export interface ShipmentRow {
  readonly shipment_id: string;
  readonly order_id: string;
  readonly status: string;
  readonly carrier: string | null;
  readonly tracking_number: string | null;
  readonly ship_to_city: string | null;
  readonly ship_to_country: string | null;
  readonly created_at: Date | null;
  readonly dispatched_at: Date | null;
  readonly delivered_at: Date | null;
  readonly returned_at: Date | null;
  readonly return_reason: string | null;
  readonly updated_at: Date;
}

/** Reads shipments: one row per shipment. */
export class ShipmentsStore {
  private readonly table: string;
  constructor(
    private readonly sql: SqlExecutor,
    names: ReadModelNames,
  ) {
    this.table = names.table(shipmentsProjection, 'shipments');
  }

  async find(shipmentId: string): Promise<ShipmentRow | null> {
    const [row] = await this.sql.query<ShipmentRow>(
      `select shipment_id, order_id, status, carrier, tracking_number, ship_to_city, ship_to_country, created_at,
              dispatched_at, delivered_at, returned_at, return_reason, updated_at
       from ${this.table} where shipment_id = $1`,
      [shipmentId],
    );
    return row ?? null;
  }
}
