import { PaymentMismatchError } from '@shopstream/orders';
import { encodeConsistencyToken } from '@shopstream/queries';
import { RunningApi, sign, startApi } from './commerce-api-harness';

const captured = {
  type: 'captured',
  deliveryId: 'evt-1',
  orderId: 'o-1',
  paymentId: 'pay-1',
  amountMinor: 4997,
  currency: 'EUR',
};

describe('commerce-api POST /payments/webhook', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api.close();
  });
  beforeEach(() => {
    api.fake.calls.length = 0;
  });

  it('accepts a correctly signed webhook and records the payment', async () => {
    const raw = JSON.stringify(captured);
    const answer = await api.request('POST', '/payments/webhook', raw, { 'X-Signature': sign(raw) });
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({
      paymentId: 'pay-1',
      status: 'CAPTURED',
      consistencyToken: {
        position: encodeConsistencyToken([{ topic: 'shopstream.payments', partition: 2, offset: 41n }]),
        topic: 'shopstream.payments',
        partition: 2,
        offset: '41',
      },
    });
    const [call] = api.fake.calls;
    expect(call!.method).toBe('recordPayment');
    expect(call!.args).toEqual([
      { kind: 'captured', orderId: 'o-1', paymentId: 'pay-1', amountMinor: 4997, currency: 'EUR' },
    ]);
    // The provider's delivery id is the key: a retry of the delivery is answered from the stored answer.
    expect(call!.meta.idempotencyKey).toBe('payment-webhook:evt-1');
  });

  it('ignores a client Idempotency-Key: a signed body replayed under fresh keys keeps its delivery id', async () => {
    const raw = JSON.stringify(captured);
    for (const key of ['fresh-1', 'fresh-2']) {
      const answer = await api.request('POST', '/payments/webhook', raw, {
        'X-Signature': sign(raw),
        'Idempotency-Key': key,
      });
      expect(answer.status).toBe(202);
    }
    expect(api.fake.calls.map((c) => c.meta.idempotencyKey)).toEqual([
      'payment-webhook:evt-1',
      'payment-webhook:evt-1',
    ]);
    // The same bytes through another spelling of the path still hash the same: a retry, not a conflict.
    await api.request('POST', '/payments/webhook/', raw, { 'X-Signature': sign(raw) });
    expect(new Set(api.fake.calls.map((c) => c.meta.requestHash)).size).toBe(1);
  });

  it('gives two partial refunds of one payment their own keys, so neither is lost', async () => {
    const first = JSON.stringify({ ...captured, type: 'refunded', deliveryId: 'evt-r1', amountMinor: 1000 });
    const second = JSON.stringify({ ...captured, type: 'refunded', deliveryId: 'evt-r2', amountMinor: 500 });
    for (const raw of [first, second])
      expect((await api.request('POST', '/payments/webhook', raw, { 'X-Signature': sign(raw) })).status).toBe(
        202,
      );
    expect(api.fake.calls.map((c) => c.meta.idempotencyKey)).toEqual([
      'payment-webhook:evt-r1',
      'payment-webhook:evt-r2',
    ]);
  });

  it('422 ORDER_PAYMENT_MISMATCH naming both amounts for a capture that is not the order total, never a 2xx', async () => {
    // What the command refuses before writing anything (payment-capture-races.test.ts holds it to that).
    api.fake.failWith = new PaymentMismatchError(
      'o-1',
      { amountMinor: 4997, currency: 'EUR' },
      { amountMinor: 4996, currency: 'EUR' },
    );
    try {
      const raw = JSON.stringify({ ...captured, deliveryId: 'evt-short', amountMinor: 4996 });
      const answer = await api.request('POST', '/payments/webhook', raw, { 'X-Signature': sign(raw) });
      expect(answer.status).toBe(422);
      expect(answer.body).toEqual({
        error: 'ORDER_PAYMENT_MISMATCH',
        message: expect.stringMatching(/payment of 4996 EUR does not match the order total 4997 EUR; refund/),
      });
    } finally {
      api.fake.failWith = null;
    }
  });

  it('400 for a webhook without the delivery id, which is what makes it idempotent', async () => {
    const raw = JSON.stringify({ ...captured, deliveryId: undefined });
    const answer = await api.request('POST', '/payments/webhook', raw, { 'X-Signature': sign(raw) });
    expect(answer.status).toBe(400);
    expect((answer.body as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual([
      'deliveryId',
    ]);
    expect(api.fake.calls).toHaveLength(0);
  });

  // Well outside the window: a signature made one second past it can fall inside once the request took a second on
  // a busy machine. The edges of the window are checked in payment-signature.guard.spec.ts with a fixed clock.
  it.each([
    ['older than the tolerance', -360],
    ['too far in the future', 360],
  ])('401 for a signature made %s, so a captured delivery cannot be replayed later', async (_, shift) => {
    const raw = JSON.stringify(captured);
    const at = Math.floor(Date.now() / 1000) + shift;
    const answer = await api.request('POST', '/payments/webhook', raw, {
      'X-Signature': sign(raw, undefined, at),
    });
    expect(answer.status).toBe(401);
    expect((answer.body as { message: string }).message).toMatch(/tolerance/);
    expect(api.fake.calls).toHaveLength(0);
  });

  it('401 for a valid signature whose timestamp was changed, since the time is signed too', async () => {
    const raw = JSON.stringify(captured);
    const now = Math.floor(Date.now() / 1000);
    const hmac = sign(raw, undefined, now - 10).split('v1=')[1];
    const answer = await api.request('POST', '/payments/webhook', raw, {
      'X-Signature': `t=${now},v1=${hmac}`,
    });
    expect(answer.status).toBe(401);
  });

  it('accepts any of several v1 signatures, so the secret can be rotated', async () => {
    const raw = JSON.stringify(captured);
    const good = sign(raw);
    const other = sign(raw, 'old-secret-0123456789abcdef').split(',')[1];
    const answer = await api.request('POST', '/payments/webhook', raw, { 'X-Signature': `${good},${other}` });
    expect(answer.status).toBe(202);
  });

  it.each(['/payments/webhook/', '/PAYMENTS/Webhook', '/payments/WEBHOOK/'])(
    'checks the signature before parsing on %s too',
    async (path) => {
      const unsigned = await api.request('POST', path, '{not json', {
        'X-Signature': `t=1,v1=${'a'.repeat(64)}`,
      });
      expect(unsigned.status).toBe(401);
      const tooBig = JSON.stringify({ ...captured, pad: 'x'.repeat(70 * 1024) });
      const big = await api.request('POST', path, tooBig, { 'X-Signature': sign(tooBig) });
      expect(big.status).toBe(413);
      expect(api.fake.calls).toHaveLength(0);
    },
  );

  it('passes a failed payment with its failure code', async () => {
    const raw = JSON.stringify({
      ...captured,
      type: 'failed',
      failureCode: 'card_declined',
      message: 'Declined',
    });
    const answer = await api.request('POST', '/payments/webhook', raw, { 'X-Signature': sign(raw) });
    expect(answer.status).toBe(202);
    expect(api.fake.calls[0]!.args[0]).toMatchObject({
      kind: 'failed',
      failureCode: 'card_declined',
      message: 'Declined',
    });
  });

  it.each([
    ['no signature', undefined],
    ['a malformed signature', 'md5=abc'],
    ['the old body-only scheme', `sha256=${'0'.repeat(64)}`],
    ['no timestamp', `v1=${'0'.repeat(64)}`],
    ['a signature made with another secret', sign(JSON.stringify(captured), 'another-secret-0123456789')],
    ['a signature of other bytes', sign(JSON.stringify({ ...captured, amountMinor: 1 }))],
    ['a signature of the right length but wrong', `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`],
  ])('401 with %s, and calls nothing', async (_, signature) => {
    const raw = JSON.stringify(captured);
    const answer = await api.request(
      'POST',
      '/payments/webhook',
      raw,
      signature ? { 'X-Signature': signature } : {},
    );
    expect(answer.status).toBe(401);
    expect((answer.body as { error: string }).error).toBe('SIGNATURE_INVALID');
    expect(api.fake.calls).toHaveLength(0);
  });

  it('checks the signature before parsing: malformed JSON from a stranger is 401, not 400', async () => {
    const answer = await api.request('POST', '/payments/webhook', '{not json', {
      'X-Signature': `t=${Math.floor(Date.now() / 1000)},v1=${'a'.repeat(64)}`,
    });
    expect(answer.status).toBe(401);
  });

  it('400 for a signed body that is not valid JSON or misses fields', async () => {
    const notJson = '{not json';
    expect(
      (await api.request('POST', '/payments/webhook', notJson, { 'X-Signature': sign(notJson) })).status,
    ).toBe(400);
    const raw = JSON.stringify({
      type: 'failed',
      deliveryId: 'evt-2',
      orderId: 'o-1',
      paymentId: 'p',
      amountMinor: -1,
      currency: 'eur',
    });
    const answer = await api.request('POST', '/payments/webhook', raw, { 'X-Signature': sign(raw) });
    expect(answer.status).toBe(400);
    expect((answer.body as { fields: { field: string }[] }).fields.map((f) => f.field).sort()).toEqual([
      'amountMinor',
      'currency',
      'failureCode',
    ]);
    expect(api.fake.calls).toHaveLength(0);
  });
});
