import { randomUUID } from 'node:crypto';
import { ShipmentsEvent } from '@shopstream/events';
import * as orders from '@shopstream/orders';
import type { CommandWork } from '../command-runner';

/** A shipment for an order its status allows to be shipped, to the order's address. */
export function createShipment(orderId: string): CommandWork<{ shipmentId: string; orderId: string }> {
  return async ({ stores, ctx }) => {
    const state = await stores.orders.lockOne(orderId);
    if (!state) throw new orders.OrderNotFoundError(orderId, 'CreateShipment');
    orders.assertCommandAllowed(state, 'ShipOrder');
    const shipmentId = randomUUID();
    const event: ShipmentsEvent = {
      type: 'shopstream.shipments.ShipmentCreated',
      metadata: orders.metadataSequence(ctx, shipmentId, 0)(),
      orderId,
      shipmentId,
      address: state.shippingAddress,
    };
    await stores.shipments.save({ shipmentId, orderId, status: 'CREATED', version: 1 });
    return { result: { shipmentId, orderId }, events: [event] };
  };
}
