import type { OrderRefunded } from '@shopstream/events';
import { assertCommandAllowed } from '../allowed-commands';
import { metadataSequence, type EventContext } from '../event-context';
import { refundableMinor, type OrderState } from '../order.state';
import { InvalidOrderError, RefundExceedsPaymentError } from '../orders.errors';
import type { RefundOrder } from './refund-order.command';

/** Refunds may be partial (one returned line) and repeated, never beyond what was paid. */
export function decideRefundOrder(
  state: OrderState,
  command: RefundOrder,
  ctx: EventContext,
): [OrderRefunded] {
  assertCommandAllowed(state, command.type);
  if (!Number.isSafeInteger(command.amountMinor) || command.amountMinor <= 0) {
    throw new InvalidOrderError(command.type, [
      `amountMinor ${command.amountMinor} must be a positive integer`,
    ]);
  }
  const refundable = refundableMinor(state);
  if (command.amountMinor > refundable) {
    throw new RefundExceedsPaymentError(state.orderId, command.amountMinor, refundable);
  }
  const metadata = metadataSequence(ctx, state.orderId, state.version);
  return [
    {
      type: 'shopstream.orders.OrderRefunded',
      metadata: metadata(),
      orderId: state.orderId,
      amountMinor: command.amountMinor,
      currency: state.currency,
      reason: command.reason,
    },
  ];
}
