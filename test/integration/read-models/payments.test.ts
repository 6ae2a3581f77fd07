import {
  PaymentAuthorized,
  PaymentCaptured,
  PaymentFailed,
  PaymentRefunded,
  ShopstreamEvent,
} from '@shopstream/events';
import { paymentsProjection } from '@shopstream/read-models';
import { rowsWhateverTheSplit } from '../../support/batch-splits';
import { metadata } from '../../support/event-builders';
import { ProjectionHarness } from '../../support/projection-harness';

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
const at = (minutes: number) => T0 + minutes * 60_000;
const time = (minutes: number) => new Date(at(minutes));

// Payments events are keyed by order id; their aggregate is the order's payment flow.
const money = (orderId: string, version: number, minutes: number, amountMinor: number) => ({
  metadata: metadata(orderId, version, at(minutes)),
  orderId,
  paymentId: `pay_${orderId}`,
  amountMinor,
  currency: 'EUR',
});
const authorized = (orderId: string, version: number, minutes: number, amount = 6663): PaymentAuthorized => ({
  type: 'shopstream.payments.PaymentAuthorized',
  ...money(orderId, version, minutes, amount),
});
const captured = (orderId: string, version: number, minutes: number, amount = 6663): PaymentCaptured => ({
  type: 'shopstream.payments.PaymentCaptured',
  ...money(orderId, version, minutes, amount),
});
const failed = (
  orderId: string,
  version: number,
  minutes: number,
  message: string | null,
): PaymentFailed => ({
  type: 'shopstream.payments.PaymentFailed',
  ...money(orderId, version, minutes, 6663),
  failureCode: message ? 'card_declined' : 'processing_error',
  message,
});
const refunded = (orderId: string, version: number, minutes: number, amount: number): PaymentRefunded => ({
  type: 'shopstream.payments.PaymentRefunded',
  ...money(orderId, version, minutes, amount),
});

const ALL_ROWS = 'select * from payments order by payment_id';

const rowsWhateverTheSplitOf = (history: readonly ShopstreamEvent[]) =>
  rowsWhateverTheSplit(paymentsProjection, history, ALL_ROWS);

const noTimes = { authorized_at: null, captured_at: null, failed_at: null, refunded_at: null };

describe('payments read model', () => {
  it('follows a payment from authorization to capture', async () => {
    expect(await rowsWhateverTheSplitOf([authorized('ord_1', 1, 5), captured('ord_1', 2, 6)])).toEqual([
      {
        payment_id: 'pay_ord_1',
        order_id: 'ord_1',
        status: 'CAPTURED',
        amount_minor: '6663',
        currency: 'EUR',
        refunded_minor: '0',
        failure_code: null,
        failure_message: null,
        ...noTimes,
        authorized_at: time(5),
        captured_at: time(6),
        updated_at: time(6),
      },
    ]);
  });

  it('adds up partial refunds of a captured payment, leaving the captured amount alone', async () => {
    const history = [
      authorized('ord_2', 1, 5),
      captured('ord_2', 2, 6),
      refunded('ord_2', 3, 30, 6000),
      refunded('ord_2', 4, 40, 663),
    ];
    expect(await rowsWhateverTheSplitOf(history)).toEqual([
      expect.objectContaining({
        status: 'REFUNDED',
        amount_minor: '6663',
        refunded_minor: '6663',
        captured_at: time(6),
        refunded_at: time(40),
        updated_at: time(40),
      }),
    ]);
  });

  it('keeps the failure of a declined payment, and replaces code and message together on a second failure', async () => {
    const declined = await rowsWhateverTheSplitOf([
      authorized('ord_3', 1, 5),
      failed('ord_3', 2, 6, 'Your card was declined.'),
    ]);
    expect(declined).toEqual([
      expect.objectContaining({
        status: 'FAILED',
        failure_code: 'card_declined',
        failure_message: 'Your card was declined.',
        failed_at: time(6),
      }),
    ]);
    const twice = await rowsWhateverTheSplitOf([
      failed('ord_3', 1, 5, 'Your card was declined.'),
      failed('ord_3', 2, 7, null),
    ]);
    expect(twice).toEqual([
      expect.objectContaining({
        failure_code: 'processing_error',
        failure_message: null,
        failed_at: time(7),
      }),
    ]);
  });

  it('keeps a row for a capture whose authorization was never seen', async () => {
    expect(await rowsWhateverTheSplitOf([captured('ord_4', 2, 6, 5000)])).toEqual([
      {
        payment_id: 'pay_ord_4',
        order_id: 'ord_4',
        status: 'CAPTURED',
        amount_minor: '5000',
        currency: 'EUR',
        refunded_minor: '0',
        failure_code: null,
        failure_message: null,
        ...noTimes,
        captured_at: time(6),
        updated_at: time(6),
      },
    ]);
  });

  it('does not count a refund twice when it is delivered twice', async () => {
    const harness = await ProjectionHarness.create(paymentsProjection);
    try {
      const refund = refunded('ord_5', 3, 30, 2500);
      await harness.given(authorized('ord_5', 1, 5), captured('ord_5', 2, 6));
      await harness.given(refund, refund);
      const once = await harness.rows(ALL_ROWS);
      expect(await harness.given(refund)).toEqual({ applied: 0, duplicates: 1 });
      expect(await harness.rows(ALL_ROWS)).toEqual(once);
      expect(once).toEqual([expect.objectContaining({ refunded_minor: '2500', status: 'REFUNDED' })]);
    } finally {
      await harness.close();
    }
  });

  it('gives the same table whatever the split of several interleaved payments', async () => {
    const history = [
      authorized('ord_a', 1, 1),
      authorized('ord_b', 1, 2),
      failed('ord_b', 2, 3, 'Insufficient funds.'),
      captured('ord_a', 2, 4),
      authorized('ord_c', 1, 5, 1999),
      refunded('ord_a', 3, 6, 100),
      captured('ord_c', 2, 7, 1899),
    ];
    const rows = await rowsWhateverTheSplitOf(history);
    expect(rows.map((r) => [r.payment_id, r.status, r.amount_minor, r.refunded_minor])).toEqual([
      ['pay_ord_a', 'REFUNDED', '6663', '100'],
      ['pay_ord_b', 'FAILED', '6663', '0'],
      ['pay_ord_c', 'CAPTURED', '1899', '0'],
    ]);
  });
});
