import type { PaymentWebhook } from '@shopstream/order-flow';
import { z } from 'zod';
import { amountMinor, currencyCode, identifier, text } from '../validation/field-rules';

const common = {
  /** The provider's id of this delivery (one per event it sends, the same on its retries). */
  deliveryId: identifier(128),
  orderId: identifier(128),
  paymentId: identifier(128),
  amountMinor,
  currency: currencyCode,
  message: text(1_000).nullish(),
};

/**
 * POST /payments/webhook, as the payment provider sends it. Not strict: a provider adds fields without asking, and
 * the signature already vouches for the sender. A union on `type`, so a failed payment without its failureCode is
 * reported together with every other invalid field.
 */
export const paymentWebhookRequest = z.discriminatedUnion(
  'type',
  [
    z.object({
      type: z.enum(['authorized', 'captured', 'refunded']),
      ...common,
      failureCode: identifier(64).optional(),
    }),
    z.object({ type: z.literal('failed'), ...common, failureCode: identifier(64) }),
  ],
  {
    error: (issue) =>
      issue.input === undefined ? 'is required' : 'must be one of authorized, captured, failed, refunded',
  },
);

export type PaymentWebhookRequest = z.output<typeof paymentWebhookRequest>;

export function toPaymentWebhook(request: PaymentWebhookRequest): PaymentWebhook {
  const common = {
    orderId: request.orderId,
    paymentId: request.paymentId,
    amountMinor: request.amountMinor,
    currency: request.currency,
  };
  if (request.type === 'failed')
    return { kind: 'failed', ...common, failureCode: request.failureCode, message: request.message ?? null };
  return { kind: request.type, ...common };
}
