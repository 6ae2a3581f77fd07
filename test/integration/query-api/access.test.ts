import { ShopstreamEvent } from '@shopstream/events';
import { orderFlowHistory } from '@shopstream/simulation';
import * as http from 'node:http';
import WebSocket from 'ws';
import { bearer, localApiKey, TestCredentials } from '../../support/credentials';
import { waitFor } from '../../support/wait-for';
import { QueryApiHarness } from './query-api-harness';

// A minute's window: a loaded host can't stretch the requests past the window and miss the limit.
const CUSTOMER_LIMIT = 8;

const placedOrders = (events: readonly ShopstreamEvent[]) =>
  events.filter(
    (e): e is Extract<ShopstreamEvent, { type: 'shopstream.orders.OrderPlaced' }> =>
      e.type === 'shopstream.orders.OrderPlaced',
  );

interface Frame {
  readonly type: string;
  readonly channel?: string;
  readonly code?: string;
}

/** Opens the query API's /live with `authorization` ('' sends none); the upgrade's status when refused. */
async function openLive(
  url: string,
  authorization: string,
): Promise<{ socket: WebSocket; frames: Frame[] } | { refused: number }> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/live`, {
    headers: authorization === '' ? {} : { authorization },
  });
  return new Promise((resolve, reject) => {
    const frames: Frame[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(data.toString()) as Frame));
    socket.once('open', () => resolve({ socket, frames }));
    socket.once('unexpected-response', (_request, response) =>
      resolve({ refused: response.statusCode ?? 0 }),
    );
    socket.once('error', reject);
  });
}

/** The first frame about `channel` after subscribing to it: its snapshot, or the error refusing it. */
async function subscribe(live: { socket: WebSocket; frames: Frame[] }, channel: string): Promise<Frame> {
  live.socket.send(JSON.stringify({ op: 'subscribe', channel }));
  return waitFor(
    () => live.frames.find((f) => f.channel === channel && (f.type === 'snapshot' || f.type === 'error')),
    { timeoutMs: 15_000, intervalMs: 20, what: `an answer to subscribing ${channel}` },
  );
}

describe('query API and live push doors: credentials, scopes, own orders, rate limits', () => {
  const harness = new QueryApiHarness();
  const credentials = new TestCredentials(harness.config);
  const history = orderFlowHistory({ orders: 12, seed: 5, prefix: harness.ns });
  const placed = placedOrders(history);
  const mine = placed[0]!;
  const theirs = placed.find((o) => o.customerId !== mine.customerId)!;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    await harness.start({
      SHOPSTREAM_RATE_LIMIT_CUSTOMER: String(CUSTOMER_LIMIT),
      SHOPSTREAM_RATE_LIMIT_WINDOW_S: '60',
    });
    const token = await harness.send(history);
    await waitFor(async () => (await harness.get(`/orders?limit=1&waitMs=0&after=${token}`)).status === 200, {
      timeoutMs: 120_000,
      intervalMs: 250,
      what: 'the projector to apply the history',
    });
  }, 180_000);
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await credentials.close();
    await harness.stop();
  }, 60_000);

  it('answers 401 without a credential or with a bad one, and keeps health, metrics, docs, the live page and stock open', async () => {
    for (const authorization of ['', `Bearer ssk_aaaaaaaaaaaa_${'y'.repeat(43)}`, 'Bearer not-a-jwt']) {
      const answer = await harness.get('/orders?limit=1', { authorization });
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ error: 'AUTHENTICATION_REQUIRED' });
      expect(JSON.stringify(answer.body)).not.toContain('y'.repeat(43));
    }
    for (const path of [
      '/health',
      '/metrics',
      '/docs-json',
      // The live page: a browser loads it without a key, then sends one on the WebSocket upgrade.
      '/',
      '/live/page.js',
      `/inventory/${mine.lines[0]!.sku}`,
    ])
      expect({ path, status: (await harness.get(path, { authorization: '' })).status }).toEqual({
        path,
        status: 200,
      });
  });

  it('answers a read whatever content type and body it names: no endpoint reads a body', async () => {
    // A GET saying it has a body in an unknown charset made the body parser throw before any route ran: a 500.
    const read = (path: string, authorization: string, contentType: string) =>
      new Promise<number>((resolve, reject) => {
        const request = http.request(`${harness.url}${path}`, {
          headers: { authorization, 'content-type': contentType, 'content-length': '0' },
        });
        request.on('response', (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', reject);
        request.end();
      });
    const admin = `Bearer ${localApiKey(harness.config)}`;
    for (const contentType of ['application/json; charset=latin-9', 'application/json', 'text/plain'])
      expect({ contentType, status: await read(`/orders/${mine.orderId}`, admin, contentType) }).toEqual({
        contentType,
        status: 200,
      });
    expect(await read('/orders?limit=1', 'Bearer not-a-jwt', 'application/json; charset=latin-9')).toBe(401);
  });

  it('answers 403 with the scopes needed to a key without them, 200 with them', async () => {
    const storefront = await credentials.key(['storefront']);
    const analyst = await credentials.key(['analyst']);
    const refused = await harness.get('/orders?limit=1', storefront.headers);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'SCOPE_MISSING' });
    expect((refused.body as { scopesNeeded: string[] }).scopesNeeded).toEqual(
      expect.arrayContaining(['merchant', 'warehouse', 'analyst']),
    );
    expect((await harness.get('/reports/top-searches', storefront.headers)).status).toBe(403);
    expect((await harness.get('/orders?limit=1', analyst.headers)).status).toBe(200);
    const day = new Date().toISOString().slice(0, 10);
    expect((await harness.get(`/reports/top-searches?day=${day}`, analyst.headers)).status).toBe(200);
    await analyst.revoke();
    await waitFor(async () => (await harness.get('/orders?limit=1', analyst.headers)).status === 401, {
      timeoutMs: 20_000,
      intervalMs: 250,
      what: 'the revoked key to be refused',
    });
  });

  it("lets a customer token read only its own customer's orders", async () => {
    const token = bearer(await credentials.customerToken(mine.customerId));
    expect((await harness.get(`/orders/${mine.orderId}`, token)).status).toBe(200);
    expect((await harness.get(`/customers/${mine.customerId}/orders`, token)).status).toBe(200);
    const other = await harness.get(`/orders/${theirs.orderId}`, token);
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ error: 'NOT_YOUR_ORDER' });
    expect((await harness.get(`/customers/${theirs.customerId}/orders`, token)).status).toBe(403);
    // The order list spans every customer: a customer's token is not enough.
    expect((await harness.get('/orders?limit=1', token)).status).toBe(403);
  });

  it('counts a key on public stock against its own budget, and refuses a bad one', async () => {
    const path = `/inventory/${mine.lines[0]!.sku}`;
    const payments = await credentials.key(['payments']);
    const statuses = new Set<number>();
    for (let i = 0; i < CUSTOMER_LIMIT * 2; i++)
      statuses.add((await harness.get(path, payments.headers)).status);
    expect([...statuses]).toEqual([200]);
    const bad = await harness.get(path, { authorization: `Bearer ssk_aaaaaaaaaaaa_${'q'.repeat(43)}` });
    expect(bad.status).toBe(401);
  });

  it('answers 429 with Retry-After once a customer token passes its rate, and not another credential', async () => {
    const token = bearer(await credentials.customerToken(`${mine.customerId}-busy`));
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < CUSTOMER_LIMIT * 4 && !statuses.includes(429); i++) {
      const answer = await harness.get(`/customers/${mine.customerId}-busy/orders`, token);
      statuses.push(answer.status);
      if (answer.status === 429) retryAfter = answer.headers.get('retry-after');
    }
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect((await harness.get('/orders?limit=1')).status).toBe(200);
  });

  it('refuses a bad credential at the live upgrade and checks each channel against the credential', async () => {
    const bad = await openLive(harness.url, `Bearer ssk_aaaaaaaaaaaa_${'z'.repeat(43)}`);
    expect(bad).toEqual({ refused: 401 });

    // No credential: stock is public, orders are not.
    const anonymous = await openLive(harness.url, '');
    if ('refused' in anonymous) throw new Error(`anonymous live upgrade refused with ${anonymous.refused}`);
    sockets.push(anonymous.socket);
    expect((await subscribe(anonymous, `stock:${mine.lines[0]!.sku}`)).type).toBe('snapshot');
    expect(await subscribe(anonymous, `order:${mine.orderId}`)).toMatchObject({
      type: 'error',
      code: 'forbidden',
    });

    const customer = await openLive(
      harness.url,
      `Bearer ${await credentials.customerToken(mine.customerId)}`,
    );
    if ('refused' in customer) throw new Error(`customer live upgrade refused with ${customer.refused}`);
    sockets.push(customer.socket);
    expect((await subscribe(customer, `order:${mine.orderId}`)).type).toBe('snapshot');
    expect(await subscribe(customer, `order:${theirs.orderId}`)).toMatchObject({
      type: 'error',
      code: 'forbidden',
    });
    expect(await subscribe(customer, `customer:${theirs.customerId}:orders`)).toMatchObject({
      type: 'error',
      code: 'forbidden',
    });
  });
});
