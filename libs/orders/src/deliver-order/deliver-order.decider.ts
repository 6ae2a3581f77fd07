import type { OrderDelivered } from '@shopstream/events';
import { assertCommandAllowed } from '../allowed-commands';
import { metadataSequence, type EventContext } from '../event-context';
import type { OrderState } from '../order.state';
import { ShipmentMismatchError } from '../orders.errors';
import type { DeliverOrder } from './deliver-order.command';

export function decideDeliverOrder(
  state: OrderState,
  command: DeliverOrder,
  ctx: EventContext,
): [OrderDelivered] {
  assertCommandAllowed(state, command.type);
  // A delivery scan of some other parcel must not close this order.
  if (command.shipmentId !== state.shipmentId) {
    throw new ShipmentMismatchError(state.orderId, state.shipmentId, command.shipmentId);
  }
  const metadata = metadataSequence(ctx, state.orderId, state.version);
  return [
    {
      type: 'shopstream.orders.OrderDelivered',
      metadata: metadata(),
      orderId: state.orderId,
      shipmentId: command.shipmentId,
    },
  ];
}
