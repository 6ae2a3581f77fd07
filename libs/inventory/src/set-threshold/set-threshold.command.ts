export interface SetLowStockThreshold {
  readonly sku: string;
  /** Alert when available units drop below this; 0 turns alerts off in effect. */
  readonly threshold: number;
}
