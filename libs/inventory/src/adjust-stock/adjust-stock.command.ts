import type { AdjustmentReason } from '@shopstream/events';

export interface AdjustStock {
  readonly sku: string;
  /** Change to on-hand units, not zero; negative for a loss. */
  readonly delta: number;
  readonly reason: AdjustmentReason;
  readonly note: string | null;
}
