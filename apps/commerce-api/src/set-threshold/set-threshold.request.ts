import { z } from 'zod';
import { nonNegativeCount } from '../validation/field-rules';

/** PUT /inventory/:sku/threshold: LowStockDetected fires when available units drop below it. */
export const setThresholdRequest = z.strictObject({ threshold: nonNegativeCount });

export type SetThresholdRequest = z.output<typeof setThresholdRequest>;
