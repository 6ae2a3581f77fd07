import { decide } from '../order.decider';
import { orderIn, sampleCommands, testContext, TOTAL_MINOR } from '../order.fixtures';
import { IllegalOrderTransitionError, PaymentMismatchError } from '../orders.errors';

describe('RecordPaymentCaptured', () => {
  it('refuses a capture that arrives before the stock was reserved, so PAID always means reserved', () => {
    expect(() => decide(orderIn('PENDING'), sampleCommands.RecordPaymentCaptured, testContext())).toThrow(
      IllegalOrderTransitionError,
    );
  });

  it.each([
    ['a short amount', { amountMinor: TOTAL_MINOR - 1 }],
    ['another currency', { currency: 'USD' }],
  ])('refuses %s with ORDER_PAYMENT_MISMATCH', (_, changes) => {
    const command = { ...sampleCommands.RecordPaymentCaptured, ...changes };
    expect(() => decide(orderIn('CONFIRMED'), command, testContext())).toThrow(PaymentMismatchError);
  });

  it('refuses a capture on a cancelled order (a late capture after a timeout is refunded by payments)', () => {
    expect(() =>
      decide(orderIn('CANCELLED_UNPAID'), sampleCommands.RecordPaymentCaptured, testContext()),
    ).toThrow('Order order-1 is CANCELLED: RecordPaymentCaptured is not allowed');
  });
});

describe('RecordPaymentFailed', () => {
  it('cancels as SYSTEM for PAYMENT_FAILED with no refund due', () => {
    const [event] = decide(orderIn('CONFIRMED'), sampleCommands.RecordPaymentFailed, testContext());
    expect(event).toMatchObject({ reason: 'PAYMENT_FAILED', cancelledBy: 'SYSTEM', refundDue: false });
  });
});
