export interface ReceiveStock {
  readonly sku: string;
  /** Units that arrived, at least 1. */
  readonly quantity: number;
}
