export type InventoryErrorCode =
  | 'STOCK_INVALID_COMMAND'
  | 'STOCK_ADJUSTMENT_BELOW_RESERVED'
  | 'STOCK_ORDER_ALREADY_RESERVED'
  | 'STOCK_STREAM_INVALID';

/** Every error the inventory domain throws; `code` is stable. */
export abstract class InventoryError extends Error {
  abstract readonly code: InventoryErrorCode;
}

/** The command's own data is malformed (a zero quantity, an empty order), whatever the stock. */
export class InvalidStockCommandError extends InventoryError {
  readonly code = 'STOCK_INVALID_COMMAND';
  constructor(
    readonly command: string,
    readonly problems: readonly string[],
  ) {
    super(`${command} refused: ${problems.join('; ')}.`);
    this.name = 'InvalidStockCommandError';
  }
}

/** The command would break a stock invariant (reserved <= onHand, one reservation per order). */
export class StockInvariantError extends InventoryError {
  constructor(
    readonly code: 'STOCK_ADJUSTMENT_BELOW_RESERVED' | 'STOCK_ORDER_ALREADY_RESERVED',
    readonly sku: string,
    message: string,
  ) {
    super(`${sku}: ${message}`);
    this.name = 'StockInvariantError';
  }
}

/** An event that cannot be folded into the level it was given (another sku's event). */
export class InvalidStockStreamError extends InventoryError {
  readonly code = 'STOCK_STREAM_INVALID';
  constructor(
    readonly sku: string,
    readonly eventType: string,
    problem: string,
  ) {
    super(`Stock stream ${sku}: ${eventType} ${problem}.`);
    this.name = 'InvalidStockStreamError';
  }
}
