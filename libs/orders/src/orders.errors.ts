import type { OrderStatus } from './order.state';

export type OrderErrorCode =
  | 'ORDER_ILLEGAL_TRANSITION'
  | 'ORDER_NOT_FOUND'
  | 'ORDER_ALREADY_EXISTS'
  | 'ORDER_INVALID'
  | 'ORDER_REFUND_EXCEEDS_PAYMENT'
  | 'ORDER_PAYMENT_MISMATCH'
  | 'ORDER_SHIPMENT_MISMATCH'
  | 'ORDER_STREAM_INVALID';

/** Every error the orders domain throws; `code` is stable and what an API maps to a status. */
export abstract class OrderError extends Error {
  abstract readonly code: OrderErrorCode;
}

/** The command is not accepted in the order's current status (an API answers 409). */
export class IllegalOrderTransitionError extends OrderError {
  readonly code = 'ORDER_ILLEGAL_TRANSITION';
  constructor(
    readonly orderId: string,
    readonly currentStatus: OrderStatus,
    readonly command: string,
    readonly allowed: readonly string[],
    why?: string,
  ) {
    super(
      `Order ${orderId} is ${currentStatus}: ${command} is not allowed${why ? ` (${why})` : ''}. ` +
        (allowed.length > 0
          ? `From ${currentStatus} the order accepts: ${allowed.join(', ')}.`
          : `${currentStatus} is final: the order accepts no command.`),
    );
    this.name = 'IllegalOrderTransitionError';
  }
}

export class OrderNotFoundError extends OrderError {
  readonly code = 'ORDER_NOT_FOUND';
  constructor(
    readonly orderId: string,
    readonly command: string,
  ) {
    super(`Order ${orderId} does not exist: ${command} needs a placed order; place it first.`);
    this.name = 'OrderNotFoundError';
  }
}

export class OrderAlreadyExistsError extends OrderError {
  readonly code = 'ORDER_ALREADY_EXISTS';
  constructor(readonly orderId: string) {
    super(`Order ${orderId} already exists: place a new order under a new id.`);
    this.name = 'OrderAlreadyExistsError';
  }
}

/** The command's own data is malformed, whatever the order's status. */
export class InvalidOrderError extends OrderError {
  readonly code = 'ORDER_INVALID';
  constructor(
    readonly command: string,
    readonly problems: readonly string[],
  ) {
    super(`${command} refused: ${problems.join('; ')}.`);
    this.name = 'InvalidOrderError';
  }
}

export class RefundExceedsPaymentError extends OrderError {
  readonly code = 'ORDER_REFUND_EXCEEDS_PAYMENT';
  constructor(
    readonly orderId: string,
    readonly requestedMinor: number,
    readonly refundableMinor: number,
  ) {
    super(
      `Order ${orderId}: refund of ${requestedMinor} exceeds what is left to refund (${refundableMinor}); ` +
        'refund at most the amount paid minus what was already refunded.',
    );
    this.name = 'RefundExceedsPaymentError';
  }
}

/** A captured payment whose amount or currency is not the order's total: it needs a human, not a silent fix. */
export class PaymentMismatchError extends OrderError {
  readonly code = 'ORDER_PAYMENT_MISMATCH';
  constructor(
    readonly orderId: string,
    readonly expected: { readonly amountMinor: number; readonly currency: string },
    readonly actual: { readonly amountMinor: number; readonly currency: string },
  ) {
    super(
      `Order ${orderId}: payment of ${actual.amountMinor} ${actual.currency} does not match the order total ` +
        `${expected.amountMinor} ${expected.currency}; refund the payment and ask the customer to pay again.`,
    );
    this.name = 'PaymentMismatchError';
  }
}

export class ShipmentMismatchError extends OrderError {
  readonly code = 'ORDER_SHIPMENT_MISMATCH';
  constructor(
    readonly orderId: string,
    readonly expectedShipmentId: string | null,
    readonly actualShipmentId: string,
  ) {
    super(
      `Order ${orderId} shipped as ${expectedShipmentId ?? 'no shipment'}, not ${actualShipmentId}: ` +
        'deliver the shipment the order left with.',
    );
    this.name = 'ShipmentMismatchError';
  }
}

/** The event history cannot be folded (an event before OrderPlaced, or a second OrderPlaced). */
export class InvalidOrderStreamError extends OrderError {
  readonly code = 'ORDER_STREAM_INVALID';
  constructor(
    readonly aggregateId: string,
    readonly eventType: string,
    problem: string,
  ) {
    super(`Order stream ${aggregateId}: ${eventType} ${problem}; the topic holds a corrupt history.`);
    this.name = 'InvalidOrderStreamError';
  }
}
