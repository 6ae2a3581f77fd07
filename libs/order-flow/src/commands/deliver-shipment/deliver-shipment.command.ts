import type { CommandWork } from '../command-runner';
import { advanceShipment } from '../advance-shipment';

/** Records that a dispatched shipment arrived; the processor then marks the order delivered. */
export function deliverShipment(
  shipmentId: string,
): CommandWork<{ shipmentId: string; status: 'DELIVERED' }> {
  const step = advanceShipment(shipmentId, 'deliver', (base) => ({
    type: 'shopstream.shipments.ShipmentDelivered',
    ...base,
  }));
  return async (scope) => {
    const decided = await step(scope);
    return { ...decided, result: { shipmentId, status: 'DELIVERED' as const } };
  };
}
