import { RunningApi, sign, startApi, validOrder } from './commerce-api-harness';

const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

interface Problems {
  readonly error: string;
  readonly fields: readonly { field: string; message: string }[];
}

/** Input no client should send: each is refused with a 4xx naming what is wrong, never a 500. */
describe('commerce-api bad input', () => {
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

  describe('deeply nested bodies', () => {
    it('answers 400, not 500, for a body of 10,000 nested arrays without an Idempotency-Key', async () => {
      const answer = await api.request('POST', '/orders', nestedArrays(10_000));
      expect(answer.status).toBe(400);
      expect((answer.body as Problems).fields).toEqual([{ field: '(body)', message: 'must be an object' }]);
      expect(api.fake.calls).toHaveLength(0);
    });

    it('answers 400 naming the nesting for 10,000 nested arrays with an Idempotency-Key', async () => {
      const order = JSON.stringify({ ...validOrder(), channel: '__deep__' }).replace(
        '"__deep__"',
        nestedArrays(10_000),
      );
      const answer = await api.request('POST', '/orders', order, { 'Idempotency-Key': 'deep-1' });
      expect(answer.status).toBe(400);
      expect((answer.body as Problems).error).toBe('VALIDATION_FAILED');
      expect(JSON.stringify((answer.body as Problems).fields)).toMatch(/channel|nest/);
      expect(api.fake.calls).toHaveLength(0);
    });

    it('answers 400 for 10,000 nested objects in the cancel body', async () => {
      const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
      const answer = await api.request('POST', '/orders/o-1/cancel', deep, { 'Idempotency-Key': 'deep-2' });
      expect(answer.status).toBe(400);
      expect(api.fake.calls).toHaveLength(0);
    });

    it('still hashes a body of ordinary depth when an Idempotency-Key is given', async () => {
      const answer = await api.request('POST', '/orders', validOrder(), { 'Idempotency-Key': 'ordinary' });
      expect(answer.status).toBe(202);
      expect(api.fake.calls[0]!.meta.requestHash).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  describe('control characters in text fields', () => {
    const refused = (answer: { status: number; body: unknown }, field: string) => {
      expect(answer.status).toBe(400);
      expect((answer.body as Problems).fields).toEqual([
        { field, message: expect.stringMatching(/control character/) },
      ]);
      expect(api.fake.calls).toHaveLength(0);
    };

    it.each([
      ['name', 'Ada\u0000Lovelace'],
      ['line1', '12 St James\u0000 Square'],
      ['line2', 'Flat 3\u0007'],
      ['city', 'Lon\u001bdon'],
      ['postalCode', 'SW1Y\u007f4JH'],
    ])('400 naming shippingAddress.%s when it holds a control character', async (field, value) => {
      const body = validOrder();
      (body.shippingAddress as Record<string, unknown>)[field] = value;
      refused(await api.request('POST', '/orders', body), `shippingAddress.${field}`);
    });

    it('400 naming the field for a NUL in a return reason, a stock note and a carrier', async () => {
      refused(await api.request('POST', '/shipments/s-1/return', { reason: 'broken\u0000' }), 'reason');
      refused(
        await api.request('POST', '/inventory/SKU-1/adjust', { delta: 1, reason: 'FOUND', note: '\u0000' }),
        'note',
      );
      refused(
        await api.request('POST', '/shipments/s-1/dispatch', { carrier: 'D\u0000HL', trackingNumber: '1' }),
        'carrier',
      );
    });

    it('400 naming message for a NUL in a payment webhook message', async () => {
      const raw = JSON.stringify({
        type: 'failed',
        deliveryId: 'evt-nul-1',
        orderId: 'o-1',
        paymentId: 'pay-1',
        amountMinor: 100,
        currency: 'EUR',
        failureCode: 'card_declined',
        message: 'declined\u0000',
      });
      const answer = await api.request('POST', '/payments/webhook', raw, { 'X-Signature': sign(raw) });
      refused(answer, 'message');
    });

    it('400 for a lone surrogate, which no store can hold either', async () => {
      const body = JSON.stringify(validOrder()).replace('Ada Lovelace', 'Ada \\ud800 Lovelace');
      refused(await api.request('POST', '/orders', body), 'shippingAddress.name');
    });

    it('keeps line breaks, tabs and any printable character in free text', async () => {
      const body = validOrder();
      (body.shippingAddress as Record<string, unknown>).line2 = 'c/o Zoë\tFlat 3\nBack door 🚪';
      const answer = await api.request('POST', '/orders', body);
      expect(answer.status).toBe(202);
    });
  });
});
