/** Stock of one sku, folded from the inventory topic (keyed by sku) by `evolve`. */
export interface StockLevel {
  readonly sku: string;
  /** Units physically in the warehouse. */
  readonly onHand: number;
  /** Units of `onHand` set aside for orders; never more than `onHand`. */
  readonly reserved: number;
  /** Alert when available units drop below this; null until someone sets one. */
  readonly threshold: number | null;
  /** A LowStockDetected went out and no StockReplenished followed yet. */
  readonly lowStockOpen: boolean;
  /**
   * Units held per order id. Kept so that release and commit act on exactly what an order holds: releasing an
   * order that never got stock (rejected) or releasing twice emits nothing. A fold of the whole stream holds every
   * open one and `reserved` is their sum; the write side's store loads only the orders a decision is about.
   */
  readonly reservations: Readonly<Record<string, number>>;
  /** aggregateVersion of the last event folded in. */
  readonly version: number;
}

/** A sku nobody has received yet: the state before its first event. */
export function emptyStockLevel(sku: string): StockLevel {
  return { sku, onHand: 0, reserved: 0, threshold: null, lowStockOpen: false, reservations: {}, version: 0 };
}

export function availableOf(level: StockLevel): number {
  return level.onHand - level.reserved;
}

export function heldBy(level: StockLevel, orderId: string): number {
  return level.reservations[orderId] ?? 0;
}
