import type { OrderCancelled, OrderPaid } from '@shopstream/events';
import { assertCommandAllowed } from '../allowed-commands';
import { metadataSequence, type EventContext } from '../event-context';
import type { OrderState } from '../order.state';
import { PaymentMismatchError } from '../orders.errors';
import type { RecordPaymentCaptured, RecordPaymentFailed } from './record-payment.command';

/** Partial captures are not a thing in this shop: a capture must be the order total, in the order currency. */
export function decideRecordPaymentCaptured(
  state: OrderState,
  command: RecordPaymentCaptured,
  ctx: EventContext,
): [OrderPaid] {
  assertCommandAllowed(state, command.type);
  if (command.amountMinor !== state.totals.totalMinor || command.currency !== state.currency) {
    throw new PaymentMismatchError(
      state.orderId,
      { amountMinor: state.totals.totalMinor, currency: state.currency },
      { amountMinor: command.amountMinor, currency: command.currency },
    );
  }
  const metadata = metadataSequence(ctx, state.orderId, state.version);
  return [
    {
      type: 'shopstream.orders.OrderPaid',
      metadata: metadata(),
      orderId: state.orderId,
      amountMinor: command.amountMinor,
      currency: command.currency,
      paymentId: command.paymentId,
    },
  ];
}

export function decideRecordPaymentFailed(
  state: OrderState,
  command: RecordPaymentFailed,
  ctx: EventContext,
): [OrderCancelled] {
  assertCommandAllowed(state, command.type);
  const metadata = metadataSequence(ctx, state.orderId, state.version);
  return [
    {
      type: 'shopstream.orders.OrderCancelled',
      metadata: metadata(),
      orderId: state.orderId,
      reason: 'PAYMENT_FAILED',
      cancelledBy: 'SYSTEM',
      refundDue: false,
    },
  ];
}
