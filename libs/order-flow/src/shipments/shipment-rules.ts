import { IllegalShipmentTransitionError } from '../order-flow.errors';
import { ShipmentStatus } from '../state/order-flow-store';

type Step = 'dispatch' | 'deliver' | 'return';

const FROM: Readonly<Record<Step, readonly ShipmentStatus[]>> = {
  dispatch: ['CREATED'],
  deliver: ['DISPATCHED'],
  return: ['DISPATCHED', 'DELIVERED'],
};
const TO: Readonly<Record<Step, ShipmentStatus>> = {
  dispatch: 'DISPATCHED',
  deliver: 'DELIVERED',
  return: 'RETURNED',
};

/** The shipment's lifecycle: created → dispatched → delivered, and returned after dispatch or delivery. */
export function nextShipmentStatus(shipmentId: string, current: ShipmentStatus, step: Step): ShipmentStatus {
  if (!FROM[step].includes(current)) throw new IllegalShipmentTransitionError(shipmentId, current, step);
  return TO[step];
}
