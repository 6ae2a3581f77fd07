import { IllegalShipmentTransitionError } from '../order-flow.errors';

export type ShipmentStatus = 'CREATED' | 'DISPATCHED' | 'DELIVERED' | 'RETURNED';

export type ShipmentStep = 'dispatch' | 'deliver' | 'return';

const FROM: Readonly<Record<ShipmentStep, readonly ShipmentStatus[]>> = {
  dispatch: ['CREATED'],
  deliver: ['DISPATCHED'],
  return: ['DISPATCHED', 'DELIVERED'],
};
const TO: Readonly<Record<ShipmentStep, ShipmentStatus>> = {
  dispatch: 'DISPATCHED',
  deliver: 'DELIVERED',
  return: 'RETURNED',
};

/** The shipment's lifecycle: created → dispatched → delivered, and returned after dispatch or delivery. */
export function nextShipmentStatus(
  shipmentId: string,
  current: ShipmentStatus,
  step: ShipmentStep,
): ShipmentStatus {
  if (!FROM[step].includes(current)) throw new IllegalShipmentTransitionError(shipmentId, current, step);
  return TO[step];
}
