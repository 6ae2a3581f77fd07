import type { OrderConfirmed } from '@shopstream/events';
import { assertCommandAllowed } from '../allowed-commands';
import { metadataSequence, type EventContext } from '../event-context';
import type { OrderState } from '../order.state';
import type { ConfirmOrder } from './confirm-order.command';

export function decideConfirmOrder(
  state: OrderState,
  command: ConfirmOrder,
  ctx: EventContext,
): [OrderConfirmed] {
  assertCommandAllowed(state, command.type);
  const metadata = metadataSequence(ctx, state.orderId, state.version);
  return [{ type: 'shopstream.orders.OrderConfirmed', metadata: metadata(), orderId: state.orderId }];
}
