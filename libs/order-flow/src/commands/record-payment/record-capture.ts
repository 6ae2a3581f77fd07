import { EventMetadata, PaymentsEvent, ShopstreamEvent } from '@shopstream/events';
import * as orders from '@shopstream/orders';

export type PaymentStatus = 'AUTHORIZED' | 'CAPTURED' | 'FAILED' | 'REFUNDED';

export interface CaptureInput {
  readonly orderId: string;
  readonly paymentId: string;
  readonly amountMinor: number;
  readonly currency: string;
}

export interface CaptureDecision {
  readonly events: readonly ShopstreamEvent[];
  /** The order after the capture, when the capture changed it. */
  readonly order: orders.OrderState | null;
  readonly paymentStatus: PaymentStatus | null;
}

/**
 * What a capture the provider reports does, decided against the locked order in the command's own transaction, so
 * the timeout sweep and a cancellation see it at once: a confirmed order is paid (a cancellation then owes a
 * refund); an order that can no longer take it (cancelled, expired, rejected, paid by another payment) gets the
 * money back at once, since the customer paid and gets nothing; a capture already recorded changes nothing. A
 * wrong amount or currency is refused before anything is written. A pending order answers 409: its stock is not
 * reserved yet, and the provider's retry finds it confirmed or closed.
 *
 * A returned late capture is PaymentRefunded alone: the order never held that money, and an OrderRefunded would
 * take from revenue that was never booked.
 */
export function decideCapture(
  order: orders.OrderState,
  capture: CaptureInput,
  nextPaymentMetadata: () => EventMetadata,
  ctx: orders.EventContext,
): CaptureDecision {
  if (capture.amountMinor !== order.totals.totalMinor || capture.currency !== order.currency)
    throw new orders.PaymentMismatchError(
      order.orderId,
      { amountMinor: order.totals.totalMinor, currency: order.currency },
      { amountMinor: capture.amountMinor, currency: capture.currency },
    );
  if (order.paymentId === capture.paymentId) return { events: [], order: null, paymentStatus: null };
  if (order.status === 'PENDING') orders.assertCommandAllowed(order, 'RecordPaymentCaptured');
  const fields = {
    orderId: capture.orderId,
    paymentId: capture.paymentId,
    amountMinor: capture.amountMinor,
    currency: capture.currency,
  };
  const captured: PaymentsEvent = {
    type: 'shopstream.payments.PaymentCaptured',
    metadata: nextPaymentMetadata(),
    ...fields,
  };
  if (order.status === 'CONFIRMED') {
    const paid = orders.decide(
      order,
      { type: 'RecordPaymentCaptured', ...fields },
      { ...ctx, causationId: captured.metadata.eventId },
    );
    return { events: [captured, ...paid], order: orders.evolveAll(paid, order), paymentStatus: 'CAPTURED' };
  }
  const refunded: PaymentsEvent = {
    type: 'shopstream.payments.PaymentRefunded',
    metadata: { ...nextPaymentMetadata(), causationId: captured.metadata.eventId },
    ...fields,
  };
  return { events: [captured, refunded], order: null, paymentStatus: 'REFUNDED' };
}
