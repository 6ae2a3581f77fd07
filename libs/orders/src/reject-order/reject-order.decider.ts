import type { OrderRejected } from '@shopstream/events';
import { assertCommandAllowed } from '../allowed-commands';
import { metadataSequence, type EventContext } from '../event-context';
import type { OrderState } from '../order.state';
import type { RejectOrder } from './reject-order.command';

export function decideRejectOrder(
  state: OrderState,
  command: RejectOrder,
  ctx: EventContext,
): [OrderRejected] {
  assertCommandAllowed(state, command.type);
  const metadata = metadataSequence(ctx, state.orderId, state.version);
  return [
    {
      type: 'shopstream.orders.OrderRejected',
      metadata: metadata(),
      orderId: state.orderId,
      reason: command.reason,
      detail: command.detail,
    },
  ];
}
