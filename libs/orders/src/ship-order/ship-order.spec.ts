import { decide } from '../order.decider';
import { orderIn, sampleCommands, testContext } from '../order.fixtures';
import { IllegalOrderTransitionError, InvalidOrderError } from '../orders.errors';

describe('ShipOrder', () => {
  it('ships a paid order', () => {
    const [event] = decide(orderIn('PAID'), sampleCommands.ShipOrder, testContext());
    expect(event).toMatchObject({
      type: 'shopstream.orders.OrderShipped',
      shipmentId: 'ship-1',
      carrier: 'DHL',
    });
  });

  it.each(['CANCELLED', 'CONFIRMED'] as const)('does not ship a %s order', (status) => {
    expect(() => decide(orderIn(status), sampleCommands.ShipOrder, testContext())).toThrow(
      IllegalOrderTransitionError,
    );
  });

  it('needs a shipment id', () => {
    expect(() =>
      decide(orderIn('PAID'), { ...sampleCommands.ShipOrder, shipmentId: '' }, testContext()),
    ).toThrow(InvalidOrderError);
  });
});
