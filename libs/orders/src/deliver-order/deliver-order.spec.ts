import { decide } from '../order.decider';
import { orderIn, sampleCommands, testContext } from '../order.fixtures';
import { ShipmentMismatchError } from '../orders.errors';

describe('DeliverOrder', () => {
  it('delivers the shipment the order left with', () => {
    expect(decide(orderIn('SHIPPED'), sampleCommands.DeliverOrder, testContext())).toHaveLength(1);
  });

  it('refuses the delivery of another shipment', () => {
    const command = { ...sampleCommands.DeliverOrder, shipmentId: 'ship-2' };
    expect(() => decide(orderIn('SHIPPED'), command, testContext())).toThrow(ShipmentMismatchError);
  });
});
