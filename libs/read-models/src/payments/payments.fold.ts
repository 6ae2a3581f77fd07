import { PaymentsEvent } from '@shopstream/events';
import { ProjectedEvent, ProjectionInvariantError } from '@shopstream/projections';

export type PaymentStatus = 'AUTHORIZED' | 'CAPTURED' | 'FAILED' | 'REFUNDED';

/**
 * What one batch changes in one payment's row; null = unknown to this batch, the stored value stays. Folds with
 * the upsert's rules (latest non-null wins, refunds add up, updated_at takes the maximum) so that how a history is
 * split into batches does not show in the row.
 */
export interface PaymentChange {
  paymentId: string;
  orderId: string;
  status: PaymentStatus;
  amountMinor: number | null;
  currency: string;
  refundedMinor: number;
  failureCode: string | null;
  failureMessage: string | null;
  authorizedAt: number | null;
  capturedAt: number | null;
  failedAt: number | null;
  refundedAt: number | null;
  updatedAt: number;
}

const STATUS_AFTER: Readonly<Record<PaymentsEvent['type'], PaymentStatus>> = {
  'shopstream.payments.PaymentAuthorized': 'AUTHORIZED',
  'shopstream.payments.PaymentCaptured': 'CAPTURED',
  'shopstream.payments.PaymentFailed': 'FAILED',
  'shopstream.payments.PaymentRefunded': 'REFUNDED',
};

/** Folds a batch into one change per payment, in log order. */
export function foldPayments(batch: readonly ProjectedEvent<PaymentsEvent>[]): PaymentChange[] {
  const changes = new Map<string, PaymentChange>();
  for (const { event } of batch) {
    const at = event.metadata.occurredAt;
    const change: PaymentChange = changes.get(event.paymentId) ?? {
      paymentId: event.paymentId,
      orderId: event.orderId,
      status: STATUS_AFTER[event.type],
      amountMinor: null,
      currency: event.currency,
      refundedMinor: 0,
      failureCode: null,
      failureMessage: null,
      authorizedAt: null,
      capturedAt: null,
      failedAt: null,
      refundedAt: null,
      updatedAt: at,
    };
    changes.set(event.paymentId, change);
    change.orderId = event.orderId;
    change.status = STATUS_AFTER[event.type];
    change.currency = event.currency;
    change.updatedAt = Math.max(change.updatedAt, at);
    switch (event.type) {
      case 'shopstream.payments.PaymentAuthorized':
        change.authorizedAt = at;
        change.amountMinor = event.amountMinor;
        break;
      case 'shopstream.payments.PaymentCaptured':
        // The captured amount is what the customer paid, even when it differs from the authorization.
        change.capturedAt = at;
        change.amountMinor = event.amountMinor;
        break;
      case 'shopstream.payments.PaymentFailed':
        change.failedAt = at;
        change.amountMinor = event.amountMinor;
        change.failureCode = event.failureCode;
        change.failureMessage = event.message;
        break;
      case 'shopstream.payments.PaymentRefunded':
        // A refund's amount is money returned, not the payment's amount: it only adds to refunded_minor.
        change.refundedAt = at;
        change.refundedMinor += event.amountMinor;
        break;
      default: {
        const unreachable: never = event;
        throw new ProjectionInvariantError(
          `payments does not handle ${(unreachable as { type: string }).type}`,
        );
      }
    }
  }
  return [...changes.values()];
}
