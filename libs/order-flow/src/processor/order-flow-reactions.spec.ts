import { EventOfType } from '@shopstream/events';
import type { OrderState } from '@shopstream/orders';
import { JournaledMap } from './journaled-map';
import { react, WorkingSet } from './order-flow-reactions';

const order = (changes: Partial<OrderState>): OrderState => ({
  orderId: 'o-1',
  customerId: 'c-1',
  status: 'CONFIRMED',
  currency: 'EUR',
  channel: 'WEB',
  lines: [],
  totals: { subtotalMinor: 1_000, shippingMinor: 0, taxMinor: 0, totalMinor: 1_000 },
  shippingAddress: { name: 'A', line1: 'L', line2: null, city: 'C', postalCode: 'P', country: 'DE' },
  paidMinor: 0,
  refundedMinor: 0,
  refundDue: false,
  paymentId: null,
  shipmentId: null,
  carrier: null,
  trackingNumber: null,
  cancellation: null,
  rejection: null,
  placedAt: 0,
  updatedAt: 0,
  version: 2,
  ...changes,
});

const setWith = (state: OrderState): WorkingSet => ({
  orders: new JournaledMap(new Map([[state.orderId, state]])),
  stock: new JournaledMap(new Map()),
});

const payment = <T extends 'PaymentCaptured' | 'PaymentRefunded'>(type: T, producer = 'payments-service') =>
  ({
    type: `shopstream.payments.${type}`,
    metadata: {
      eventId: 'e-1',
      occurredAt: 0,
      aggregateId: 'p-1',
      aggregateVersion: 1,
      correlationId: 'k',
      causationId: null,
      producer,
    },
    orderId: 'o-1',
    paymentId: 'p-1',
    amountMinor: 1_000,
    currency: 'EUR',
  }) as unknown as EventOfType<`shopstream.payments.${T}`>;

describe('order-flow reactions to money events: none is silently ignored', () => {
  it('settles a capture the command already recorded on the order', () => {
    const reaction = react(payment('PaymentCaptured'), setWith(order({ status: 'PAID', paymentId: 'p-1' })));
    expect(reaction.kind).toBe('settled');
  });

  it('settles a late capture the API accepted, since it refunded it in the same transaction', () => {
    const reaction = react(
      payment('PaymentCaptured', 'commerce-api'),
      setWith(order({ status: 'CANCELLED' })),
    );
    expect(reaction.kind).toBe('settled');
  });

  it('leaves a late capture from elsewhere unapplied, with what to do, for the dead letters', () => {
    const reaction = react(payment('PaymentCaptured'), setWith(order({ status: 'CANCELLED' })));
    expect(reaction).toMatchObject({ kind: 'unapplied', why: expect.stringMatching(/refund payment p-1/) });
  });

  it('leaves a capture of the wrong amount unapplied instead of ignoring it', () => {
    const capture = { ...payment('PaymentCaptured'), amountMinor: 1 };
    expect(react(capture, setWith(order({}))).kind).toBe('unapplied');
  });

  it('leaves a provider refund of a paid order that owes none unapplied', () => {
    const reaction = react(
      payment('PaymentRefunded'),
      setWith(order({ status: 'PAID', paymentId: 'p-1', paidMinor: 1_000 })),
    );
    expect(reaction.kind).toBe('unapplied');
  });

  it('settles the refund of a late capture, which the order never held', () => {
    expect(react(payment('PaymentRefunded'), setWith(order({ status: 'CANCELLED' }))).kind).toBe('settled');
  });
});
