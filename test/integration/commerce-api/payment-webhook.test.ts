import { RunningApi, sign, startApi } from './commerce-api-harness';

const captured = {
  type: 'captured',
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
      consistencyToken: { topic: 'shopstream.payments', partition: 2, offset: '41' },
    });
    const [call] = api.fake.calls;
    expect(call!.method).toBe('recordPayment');
    expect(call!.args).toEqual([
      { kind: 'captured', orderId: 'o-1', paymentId: 'pay-1', amountMinor: 4997, currency: 'EUR' },
    ]);
    // A provider's retry carries no Idempotency-Key: the payment and its step stand in for one.
    expect(call!.meta.idempotencyKey).toBe('payment-webhook:captured:pay-1');
  });

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
    ['a signature made with another secret', sign(JSON.stringify(captured), 'another-secret-0123456789')],
    ['a signature of other bytes', sign(JSON.stringify({ ...captured, amountMinor: 1 }))],
    ['a signature of the right length but wrong', `sha256=${'0'.repeat(64)}`],
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
      'X-Signature': `sha256=${'a'.repeat(64)}`,
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
