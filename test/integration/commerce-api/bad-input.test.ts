import { RunningApi, startApi, validOrder } from './commerce-api-harness';

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
});
