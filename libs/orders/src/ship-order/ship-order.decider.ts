import type { OrderShipped } from '@shopstream/events';
import { assertCommandAllowed } from '../allowed-commands';
import { metadataSequence, type EventContext } from '../event-context';
import type { OrderState } from '../order.state';
import { InvalidOrderError } from '../orders.errors';
import type { ShipOrder } from './ship-order.command';

export function decideShipOrder(state: OrderState, command: ShipOrder, ctx: EventContext): [OrderShipped] {
  assertCommandAllowed(state, command.type);
  if (command.shipmentId.trim() === '') throw new InvalidOrderError(command.type, ['shipmentId is empty']);
  const metadata = metadataSequence(ctx, state.orderId, state.version);
  return [
    {
      type: 'shopstream.orders.OrderShipped',
      metadata: metadata(),
      orderId: state.orderId,
      shipmentId: command.shipmentId,
      carrier: command.carrier,
      trackingNumber: command.trackingNumber,
    },
  ];
}
