import { ShipmentsEvent } from '@shopstream/events';
import * as orders from '@shopstream/orders';
import { ShipmentNotFoundError } from '../order-flow.errors';
import { nextShipmentStatus, ShipmentStep } from '../shipments/shipment-rules';
import type { CommandWork } from './command-runner';

export interface ShipmentEventBase {
  readonly metadata: ShipmentsEvent['metadata'];
  readonly orderId: string;
  readonly shipmentId: string;
}

/** Moves a locked shipment one step, if its status allows it, and emits the step's event. */
export function advanceShipment(
  shipmentId: string,
  step: ShipmentStep,
  build: (base: ShipmentEventBase) => ShipmentsEvent,
): CommandWork<{ shipmentId: string }> {
  return async ({ stores, ctx }) => {
    const row = await stores.shipments.lock(shipmentId);
    if (!row) throw new ShipmentNotFoundError(shipmentId);
    const status = nextShipmentStatus(shipmentId, row.status, step);
    const event = build({
      metadata: orders.metadataSequence(ctx, shipmentId, row.version)(),
      orderId: row.orderId,
      shipmentId,
    });
    await stores.shipments.save({ ...row, status, version: row.version + 1 });
    return { result: { shipmentId }, events: [event] };
  };
}
