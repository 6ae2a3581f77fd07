/** An order line as far as stock goes; an OrderLine of the orders topic fits. */
export interface StockLine {
  readonly sku: string;
  readonly quantity: number;
}

export interface ReserveOrderStock {
  readonly orderId: string;
  /** The order's lines; a sku may appear in several lines. */
  readonly lines: readonly StockLine[];
}
