import { decide } from '../order.decider';
import { orderIn, sampleCommands, testContext } from '../order.fixtures';
import { IllegalOrderTransitionError } from '../orders.errors';

describe('CancelOrder', () => {
  it.each([
    ['PENDING', false],
    ['CONFIRMED', false],
    ['PAID', true],
  ] as const)('cancels a %s order, refund due: %s', (status, refundDue) => {
    const [event] = decide(orderIn(status), sampleCommands.CancelOrder, testContext());
    expect(event).toMatchObject({ reason: 'CUSTOMER_REQUEST', cancelledBy: 'CUSTOMER', refundDue });
  });

  it.each(['SHIPPED', 'DELIVERED', 'REJECTED', 'CANCELLED', 'REFUNDED'] as const)(
    'refuses to cancel a %s order',
    (status) => {
      const attempt = () => decide(orderIn(status), sampleCommands.CancelOrder, testContext());
      expect(attempt).toThrow(IllegalOrderTransitionError);
      try {
        attempt();
      } catch (error) {
        expect(error).toMatchObject({
          code: 'ORDER_ILLEGAL_TRANSITION',
          currentStatus: status,
          command: 'CancelOrder',
        });
      }
    },
  );
});
