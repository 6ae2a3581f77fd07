import { z } from 'zod';
import { paymentsProjection } from '@shopstream/read-models';
import { iso, toMoney } from '../money';
import { moneySchema } from '../query-schemas';
import { ReadStores } from '../read-stores';

export const paymentDetails = z.object({
  paymentId: z.string(),
  orderId: z.string(),
  status: z.string(),
  amount: moneySchema.nullable(),
  refunded: moneySchema,
  failure: z.object({ code: z.string().nullable(), message: z.string().nullable() }).nullable(),
  authorizedAt: z.string().nullable(),
  capturedAt: z.string().nullable(),
  failedAt: z.string().nullable(),
  refundedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type PaymentDetails = z.infer<typeof paymentDetails>;

export const GET_PAYMENT_READS = [paymentsProjection];

export async function getPayment(stores: ReadStores, paymentId: string): Promise<PaymentDetails | null> {
  const r = await stores.payments.find(paymentId);
  if (!r) return null;
  return {
    paymentId: r.payment_id,
    orderId: r.order_id,
    status: r.status,
    amount: toMoney(r.amount_minor, r.currency),
    refunded: { amountMinor: Number(r.refunded_minor), currency: r.currency },
    failure:
      r.failure_code === null && r.failure_message === null
        ? null
        : { code: r.failure_code, message: r.failure_message },
    authorizedAt: iso(r.authorized_at),
    capturedAt: iso(r.captured_at),
    failedAt: iso(r.failed_at),
    refundedAt: iso(r.refunded_at),
    updatedAt: r.updated_at.toISOString(),
  };
}
