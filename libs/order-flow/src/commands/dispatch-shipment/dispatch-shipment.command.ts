import type { CommandWork } from '../command-runner';
import { advanceShipment } from '../advance-shipment';

export interface DispatchShipmentInput {
  readonly carrier: string;
  readonly trackingNumber: string;
}

/** Hands a created shipment to a carrier; the processor then marks the order shipped and commits its stock. */
export function dispatchShipment(
  shipmentId: string,
  input: DispatchShipmentInput,
): CommandWork<{ shipmentId: string; status: 'DISPATCHED' }> {
  const step = advanceShipment(shipmentId, 'dispatch', (base) => ({
    type: 'shopstream.shipments.ShipmentDispatched',
    ...base,
    carrier: input.carrier,
    trackingNumber: input.trackingNumber,
  }));
  return async (scope) => {
    const decided = await step(scope);
    return { ...decided, result: { shipmentId, status: 'DISPATCHED' as const } };
  };
}
