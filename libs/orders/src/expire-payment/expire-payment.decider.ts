import type { OrderCancelled } from '@shopstream/events';
import { assertCommandAllowed } from '../allowed-commands';
import { metadataSequence, type EventContext } from '../event-context';
import type { OrderState } from '../order.state';
import type { ExpirePayment } from './expire-payment.command';

/** Accepted only before payment: a timer that fires after the capture was applied is refused, not obeyed. */
export function decideExpirePayment(
  state: OrderState,
  command: ExpirePayment,
  ctx: EventContext,
): [OrderCancelled] {
  assertCommandAllowed(state, command.type);
  const metadata = metadataSequence(ctx, state.orderId, state.version);
  return [
    {
      type: 'shopstream.orders.OrderCancelled',
      metadata: metadata(),
      orderId: state.orderId,
      reason: 'PAYMENT_TIMEOUT',
      cancelledBy: 'SYSTEM',
      refundDue: false,
    },
  ];
}
