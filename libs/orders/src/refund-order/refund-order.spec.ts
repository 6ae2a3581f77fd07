import { decide } from '../order.decider';
import { orderIn, ORDER_ID, run, testContext as ctx, TOTAL_MINOR } from '../order.fixtures';
import type { OrderState } from '../order.state';
import { InvalidOrderError, RefundExceedsPaymentError } from '../orders.errors';
import type { RefundOrder } from './refund-order.command';

const refund = (amountMinor: number): RefundOrder => ({
  type: 'RefundOrder',
  orderId: ORDER_ID,
  amountMinor,
  reason: null,
});
const after = (from: OrderState, ...amounts: number[]): OrderState => run(amounts.map(refund), from).state!;

describe('RefundOrder', () => {
  it('keeps a delivered order DELIVERED after a partial refund and makes it REFUNDED once all is back', () => {
    const partly = after(orderIn('DELIVERED'), 1000);
    expect(partly).toMatchObject({ status: 'DELIVERED', refundedMinor: 1000 });
    expect(after(partly, TOTAL_MINOR - 1000)).toMatchObject({
      status: 'REFUNDED',
      refundedMinor: TOTAL_MINOR,
    });
  });

  it('refunds a cancelled paid order in the order currency and clears refundDue when done', () => {
    const state = after(orderIn('CANCELLED'), TOTAL_MINOR);
    expect(state).toMatchObject({ status: 'REFUNDED', refundDue: false, paidMinor: TOTAL_MINOR });
  });

  it('never refunds more than was paid, counting earlier refunds', () => {
    const partly = after(orderIn('DELIVERED'), 4000);
    expect(() => decide(partly, refund(91), ctx())).toThrow(RefundExceedsPaymentError);
    expect(() => decide(partly, refund(91), ctx())).toThrow('exceeds what is left to refund (90)');
    expect(() => decide(orderIn('DELIVERED'), refund(TOTAL_MINOR + 1), ctx())).toThrow(
      RefundExceedsPaymentError,
    );
  });

  it.each([0, -5, 1.5])('refuses an amount of %s with ORDER_INVALID', (amount) => {
    expect(() => decide(orderIn('DELIVERED'), refund(amount), ctx())).toThrow(InvalidOrderError);
  });
});
