import { z } from 'zod';
import { oneOf } from '../validation/field-rules';

/** POST /orders/:orderId/cancel; an empty body cancels at the customer's request. */
export const cancelOrderRequest = z.strictObject({
  reason: oneOf([
    'CUSTOMER_REQUEST',
    'PAYMENT_FAILED',
    'PAYMENT_TIMEOUT',
    'OUT_OF_STOCK',
    'FRAUD_SUSPECTED',
    'OTHER',
  ]).default('CUSTOMER_REQUEST'),
  by: oneOf(['CUSTOMER', 'MERCHANT', 'SYSTEM']).default('CUSTOMER'),
});

export type CancelOrderRequest = z.output<typeof cancelOrderRequest>;
