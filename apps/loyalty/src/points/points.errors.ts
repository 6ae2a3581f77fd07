/** A payment or refund names an order whose OrderPlaced was never read. */
export class OrderUnknownError extends Error {
  readonly code = 'LOYALTY_ORDER_UNKNOWN';
  constructor(orderIds: readonly string[]) {
    super(
      `No OrderPlaced was read for order(s) ${orderIds.slice(0, 5).join(', ')}${orderIds.length > 5 ? ', …' : ''}: ` +
        'the points cannot be given to a customer. The event is retried and then dead-lettered; replay it with ' +
        '`shopstream dlt replay loyalty` once the order is known.',
    );
    this.name = 'OrderUnknownError';
  }
}
