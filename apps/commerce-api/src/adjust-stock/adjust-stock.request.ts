import { z } from 'zod';
import { oneOf, text } from '../validation/field-rules';

/** POST /inventory/:sku/adjust: a correction of the count on hand, with why. */
export const adjustStockRequest = z.strictObject({
  delta: z
    .number()
    .int('must be a whole number')
    .min(-1_000_000, 'must be at least -1000000')
    .max(1_000_000, 'must be at most 1000000')
    .refine((delta) => delta !== 0, 'must not be 0'),
  reason: oneOf(['STOCKTAKE', 'DAMAGED', 'LOST', 'FOUND', 'OTHER']),
  note: text(500).nullish(),
});

export type AdjustStockRequest = z.output<typeof adjustStockRequest>;
