import { z } from 'zod';

/** POST /inventory/:sku/receive: units arrived at the warehouse. */
export const receiveStockRequest = z.strictObject({
  quantity: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1_000_000, 'must be at most 1000000'),
});

export type ReceiveStockRequest = z.output<typeof receiveStockRequest>;
