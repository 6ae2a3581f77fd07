import { PaymentsEvent } from '@shopstream/events';
import { eventMetadata, givenEvents } from '@shopstream/projections/testing';
import { foldPayments } from './payments.fold';

const base = (at: number) => ({
  metadata: eventMetadata('o-1', { at }),
  orderId: 'o-1',
  paymentId: 'p-1',
  currency: 'EUR',
});

describe('payments fold', () => {
  it('given an authorization and a capture, shows the captured amount and both times', () => {
    const events: PaymentsEvent[] = [
      { type: 'shopstream.payments.PaymentAuthorized', ...base(100), amountMinor: 5_000 },
      { type: 'shopstream.payments.PaymentCaptured', ...base(200), amountMinor: 4_900 },
    ];
    expect(foldPayments(givenEvents(events))).toEqual([
      {
        paymentId: 'p-1',
        orderId: 'o-1',
        status: 'CAPTURED',
        amountMinor: 4_900,
        currency: 'EUR',
        refundedMinor: 0,
        failureCode: null,
        failureMessage: null,
        authorizedAt: 100,
        capturedAt: 200,
        failedAt: null,
        refundedAt: null,
        updatedAt: 200,
      },
    ]);
  });

  it('adds refunds up without touching the amount paid', () => {
    const events: PaymentsEvent[] = [
      { type: 'shopstream.payments.PaymentRefunded', ...base(300), amountMinor: 1_000 },
      { type: 'shopstream.payments.PaymentRefunded', ...base(400), amountMinor: 500 },
    ];
    const [change] = foldPayments(givenEvents(events));
    expect(change).toMatchObject({
      status: 'REFUNDED',
      refundedMinor: 1_500,
      amountMinor: null,
      refundedAt: 400,
    });
  });
});
