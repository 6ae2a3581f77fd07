import { decide } from '../order.decider';
import { expectedMetadata, orderIn, sampleCommands, testContext } from '../order.fixtures';
import { IllegalOrderTransitionError } from '../orders.errors';

describe('ConfirmOrder', () => {
  it('confirms a pending order as its next version', () => {
    expect(decide(orderIn('PENDING'), sampleCommands.ConfirmOrder, testContext())).toEqual([
      { type: 'shopstream.orders.OrderConfirmed', orderId: 'order-1', metadata: expectedMetadata(2) },
    ]);
  });

  it('does not confirm twice: a redelivered StockReserved outcome is refused, not re-emitted', () => {
    expect(() => decide(orderIn('CONFIRMED'), sampleCommands.ConfirmOrder, testContext())).toThrow(
      IllegalOrderTransitionError,
    );
  });
});
