import { validOrder, startApi, RunningApi, testConfig } from './commerce-api-harness';
import { bearer } from '../../support/credentials';
import { waitFor } from '../../support/wait-for';

describe('commerce API doors: credentials, scopes, rate limits', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('answers 401 without a credential and with a bad key or token, naming the scope needed', async () => {
    for (const authorization of [
      '',
      'Bearer ssk_aaaaaaaaaaaa_' + 'x'.repeat(43),
      'Bearer not-a-jwt',
      'Basic abc',
    ]) {
      const answer = await api.request(
        'POST',
        '/inventory/SKU-1/receive',
        { quantity: 1 },
        { authorization },
      );
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ error: 'AUTHENTICATION_REQUIRED' });
      expect(answer.text).not.toContain('x'.repeat(43));
    }
    expect(api.fake.calls).toHaveLength(0);
  });

  it('answers 403 to a key without the scope, 2xx with it', async () => {
    const storefront = await api.credentials.key(['storefront']);
    const warehouse = await api.credentials.key(['warehouse']);
    const refused = await api.request(
      'POST',
      '/shipments/s-1/return',
      { reason: 'DAMAGED' },
      storefront.headers,
    );
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'SCOPE_MISSING', scopesNeeded: ['warehouse'] });
    const stock = await api.request('POST', '/inventory/SKU-1/receive', { quantity: 3 }, warehouse.headers);
    expect(stock.status).toBe(200);
    const order = await api.request('POST', '/orders', validOrder(), storefront.headers);
    expect(order.status).toBe(202);
    // A shop front cancels as the customer; only the merchant cancels for the shop.
    const asMerchant = await api.request(
      'POST',
      '/orders/o-1/cancel',
      { by: 'MERCHANT' },
      storefront.headers,
    );
    expect(asMerchant.status).toBe(403);
  });

  it('keeps health, metrics and docs open and the webhook on its signature alone', async () => {
    for (const path of ['/health', '/metrics', '/docs-json'])
      expect((await api.request('GET', path, undefined, { authorization: '' })).status).toBe(200);
    const webhook = await api.request('POST', '/payments/webhook', '{}', { authorization: '' });
    expect(webhook.status).toBe(401);
    expect(webhook.body).toMatchObject({ error: 'SIGNATURE_INVALID' });
  });

  it("lets a customer token place and cancel only its own customer's orders", async () => {
    const token = bearer(await api.credentials.customerToken('customer-42'));
    api.owners.set('order-mine', 'customer-42');
    api.owners.set('order-theirs', 'customer-7');
    expect((await api.request('POST', '/orders', validOrder(), token)).status).toBe(202);
    const forOther = await api.request(
      'POST',
      '/orders',
      { ...validOrder(), customerId: 'customer-7' },
      token,
    );
    expect(forOther.status).toBe(403);
    expect(forOther.body).toMatchObject({ error: 'NOT_YOUR_ORDER' });
    expect((await api.request('POST', '/orders/order-mine/cancel', {}, token)).status).toBe(202);
    expect((await api.request('POST', '/orders/order-theirs/cancel', {}, token)).status).toBe(403);
    expect(
      (await api.request('POST', '/inventory/SKU-1/adjust', { delta: 1, reason: 'x' }, token)).status,
    ).toBe(403);
    const cancels = api.fake.calls.filter((c) => c.method === 'cancelOrder').map((c) => c.args[0]);
    expect(cancels).toEqual(['order-mine']);
  });

  it('refuses a revoked key within the lookup cache period', async () => {
    const key = await api.credentials.key(['warehouse']);
    expect((await api.request('POST', '/inventory/SKU-2/receive', { quantity: 1 }, key.headers)).status).toBe(
      200,
    );
    await key.revoke();
    await waitFor(
      async () =>
        (await api.request('POST', '/inventory/SKU-2/receive', { quantity: 1 }, key.headers)).status === 401,
      { timeoutMs: 15_000, intervalMs: 250, what: 'the revoked key to be refused' },
    );
  });

  it('answers 429 with Retry-After past a credential’s limit, without touching another credential', async () => {
    const base = testConfig();
    const limited = await startApi({
      config: {
        ...base,
        platform: {
          ...base.platform,
          security: {
            ...base.platform.security,
            rateLimit: { windowMs: 60_000, apiKey: 5, customer: 2 },
          },
        },
      },
    });
    try {
      const key = await limited.credentials.key(['warehouse']);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++)
        statuses.push(
          (await limited.request('POST', '/inventory/SKU-3/receive', { quantity: 1 }, key.headers)).status,
        );
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      const refused = await limited.request('POST', '/inventory/SKU-3/receive', { quantity: 1 }, key.headers);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.body).toMatchObject({ error: 'RATE_LIMITED' });
      const other = await limited.credentials.key(['warehouse']);
      expect(
        (await limited.request('POST', '/inventory/SKU-3/receive', { quantity: 1 }, other.headers)).status,
      ).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('documents the security schemes and each operation’s scopes', async () => {
    const doc = (await api.request('GET', '/docs-json')).body as {
      components: { securitySchemes: Record<string, unknown> };
      paths: Record<string, Record<string, { security: unknown[] }>>;
    };
    expect(Object.keys(doc.components.securitySchemes)).toEqual(['apiKey', 'customerToken']);
    expect(doc.paths['/shipments/{shipmentId}/return']!.post!.security).toEqual([
      { apiKey: ['warehouse', 'admin'] },
    ]);
    expect(doc.paths['/health']!.get!.security).toEqual([]);
  });
});
