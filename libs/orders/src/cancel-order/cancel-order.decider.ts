import type { OrderCancelled } from '@shopstream/events';
import { assertCommandAllowed } from '../allowed-commands';
import { metadataSequence, type EventContext } from '../event-context';
import type { OrderState } from '../order.state';
import type { CancelOrder } from './cancel-order.command';

/** Cancels before dispatch; once the parcel left (SHIPPED, DELIVERED) only a return and a refund undo it. */
export function decideCancelOrder(
  state: OrderState,
  command: CancelOrder,
  ctx: EventContext,
): [OrderCancelled] {
  assertCommandAllowed(state, command.type);
  const metadata = metadataSequence(ctx, state.orderId, state.version);
  return [
    {
      type: 'shopstream.orders.OrderCancelled',
      metadata: metadata(),
      orderId: state.orderId,
      reason: command.reason,
      cancelledBy: command.by,
      refundDue: state.status === 'PAID',
    },
  ];
}
