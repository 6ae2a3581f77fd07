import { decide } from '../order.decider';
import { orderIn, sampleCommands, testContext } from '../order.fixtures';
import { IllegalOrderTransitionError } from '../orders.errors';

describe('ExpirePayment', () => {
  it.each(['PENDING', 'CONFIRMED'] as const)('cancels a %s order for PAYMENT_TIMEOUT', (status) => {
    const [event] = decide(orderIn(status), sampleCommands.ExpirePayment, testContext());
    expect(event).toMatchObject({ reason: 'PAYMENT_TIMEOUT', cancelledBy: 'SYSTEM', refundDue: false });
  });

  it('ignores nothing silently: a timer firing after payment is refused', () => {
    expect(() => decide(orderIn('PAID'), sampleCommands.ExpirePayment, testContext())).toThrow(
      IllegalOrderTransitionError,
    );
  });
});
