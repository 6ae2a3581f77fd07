import type { CommandWork } from '../command-runner';
import { advanceShipment } from '../advance-shipment';

/** Records a shipment sent back; the processor then refunds a delivered order. */
export function returnShipment(
  shipmentId: string,
  input: { reason: string | null },
): CommandWork<{ shipmentId: string; status: 'RETURNED' }> {
  const step = advanceShipment(shipmentId, 'return', (base) => ({
    type: 'shopstream.shipments.ShipmentReturned',
    ...base,
    reason: input.reason,
  }));
  return async (scope) => {
    const decided = await step(scope);
    return { ...decided, result: { shipmentId, status: 'RETURNED' as const } };
  };
}
