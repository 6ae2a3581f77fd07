import type { OrdersEvent } from '@shopstream/events';
import { decide } from './order.decider';
import { evolve, evolveAll } from './order.evolve';
import { orderIn, PATH_TO, run, testContext, TOTAL_MINOR } from './order.fixtures';
import { InvalidOrderStreamError } from './orders.errors';

describe('evolve', () => {
  it('folds the happy path into a delivered order', () => {
    expect(orderIn('DELIVERED')).toMatchObject({
      orderId: 'order-1',
      customerId: 'customer-1',
      status: 'DELIVERED',
      paidMinor: TOTAL_MINOR,
      refundedMinor: 0,
      paymentId: 'pay-1',
      shipmentId: 'ship-1',
      carrier: 'DHL',
      trackingNumber: 'TN-1',
      version: 5,
      totals: { subtotalMinor: 3000, totalMinor: TOTAL_MINOR },
    });
  });

  it('records who cancelled and why, and whether a refund is due', () => {
    expect(orderIn('CANCELLED')).toMatchObject({
      status: 'CANCELLED',
      refundDue: true,
      cancellation: { reason: 'CUSTOMER_REQUEST', by: 'CUSTOMER' },
    });
  });

  it('refuses an event before OrderPlaced and a second OrderPlaced', () => {
    const { events } = run(PATH_TO.CONFIRMED);
    const [placed, confirmed] = events as [OrdersEvent, OrdersEvent];
    expect(() => evolve(null, confirmed)).toThrow(InvalidOrderStreamError);
    expect(() => evolve(orderIn('PENDING'), placed)).toThrow('follows an earlier OrderPlaced');
  });

  it('takes the version from the event metadata', () => {
    const state = orderIn('PAID');
    const [shipped] = decide(
      state,
      { type: 'ShipOrder', orderId: 'order-1', shipmentId: 's', carrier: 'c', trackingNumber: 't' },
      testContext(),
    );
    expect(evolveAll([shipped!], state)?.version).toBe(state.version + 1);
  });
});
