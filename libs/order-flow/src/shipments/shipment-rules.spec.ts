import { IllegalShipmentTransitionError } from '../order-flow.errors';
import { nextShipmentStatus } from './shipment-rules';

describe('nextShipmentStatus', () => {
  it.each([
    ['CREATED', 'dispatch', 'DISPATCHED'],
    ['DISPATCHED', 'deliver', 'DELIVERED'],
    ['DISPATCHED', 'return', 'RETURNED'],
    ['DELIVERED', 'return', 'RETURNED'],
  ] as const)('%s --%s--> %s', (from, step, to) => expect(nextShipmentStatus('s', from, step)).toBe(to));

  it.each([
    ['CREATED', 'deliver'],
    ['CREATED', 'return'],
    ['DELIVERED', 'dispatch'],
    ['RETURNED', 'deliver'],
    ['RETURNED', 'return'],
  ] as const)('refuses %s --%s--> with the current status', (from, step) => {
    expect(() => nextShipmentStatus('s-1', from, step)).toThrow(IllegalShipmentTransitionError);
    expect(() => nextShipmentStatus('s-1', from, step)).toThrow(
      `Shipment s-1 is ${from}: ${step} is not allowed.`,
    );
  });
});
