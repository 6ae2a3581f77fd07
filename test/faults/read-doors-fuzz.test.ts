import * as fs from 'node:fs';
import fc from 'fast-check';
import WebSocket from 'ws';
import { loadConfig } from '@shopstream/config';
import { exited, startApp } from '../support/app-process';
import { badId } from '../support/bad-id-arbitrary';
import { localApiKey } from '../support/credentials';
import { freePort } from '../support/free-port';
import { waitFor } from '../support/wait-for';
import { FULL } from './fault-mode';

/*
 * The query API's endpoints and the live endpoint's frames, fuzzed with input that is invalid by construction:
 * parameters of the wrong kind or out of range, unknown and repeated parameters, text with NUL or control
 * characters, values far past any length, path ids no id can be; frames that are not JSON, not objects, name no
 * operation or no channel, carry a position no gateway sent, or come in binary. Every request must be refused with a
 * 4xx and every frame answered with an error frame on a connection that stays open; afterwards the process is alive
 * and its memory bounded. Requests carry the admin key, so they reach validation rather than stop at the door.
 */
const config = loadConfig();
const RUNS = FULL ? 1_000 : 100;

interface Endpoint {
  readonly path: string;
  /** Each query parameter with the kind of value it takes. */
  readonly params: Readonly<Record<string, 'count' | 'date' | 'token' | 'enum'>>;
}

const ENDPOINTS: readonly Endpoint[] = [
  {
    path: '/orders',
    params: { limit: 'count', waitMs: 'count', after: 'token', status: 'enum', placedFrom: 'date' },
  },
  { path: '/orders/{id}', params: { waitMs: 'count', after: 'token' } },
  { path: '/customers/{id}/orders', params: { limit: 'count', after: 'token' } },
  { path: '/inventory', params: { limit: 'count' } },
  { path: '/inventory/{id}', params: { after: 'token' } },
  { path: '/inventory/{id}/movements', params: { limit: 'count' } },
  { path: '/shipments/{id}', params: { after: 'token' } },
  { path: '/payments/{id}', params: { after: 'token' } },
  { path: '/reports/sales', params: { from: 'date', to: 'date', granularity: 'enum' } },
  { path: '/reports/top-products', params: { from: 'date', to: 'date', limit: 'count' } },
  { path: '/reports/funnel', params: { from: 'date', to: 'date' } },
  { path: '/reports/top-searches', params: { day: 'date', limit: 'count' } },
];

/** Text no parameter accepts: a NUL or another control character inside it, percent-encoded. */
const controlText = fc
  .tuple(
    fc.string({ maxLength: 8 }),
    fc.constantFrom('%00', '%07', '%1B', '%7F'),
    fc.string({ maxLength: 8 }),
  )
  .map(([a, bad, b]) => `${encodeURIComponent(a)}${bad}${encodeURIComponent(b)}`);

const badValue = (kind: Endpoint['params'][string]): fc.Arbitrary<string> => {
  const common = [
    controlText,
    fc.integer({ min: 5_000, max: 20_000 }).map((n) => 'x'.repeat(n)),
    // Bytes that are not UTF-8.
    fc.constantFrom('%FF%FE', '%C0%AF', '%ED%A0%80'),
  ];
  switch (kind) {
    case 'count':
      return fc.oneof(
        ...common,
        fc.constantFrom('-1', '1.5', '1e400', '99999999999999999999', 'NaN', 'ten', '0x10', ''),
      );
    case 'date':
      return fc.oneof(
        ...common,
        fc.constantFrom('2026-13-45', 'yesterday', '0', '-271821-04-19', '2026-02-30T25:61'),
      );
    case 'token':
      return fc.oneof(...common, fc.base64String({ minLength: 4, maxLength: 80 }).map(encodeURIComponent));
    case 'enum':
      return fc.oneof(...common, fc.constantFrom('SHIPPED;DROP', 'unknown', 'minute', '*'));
  }
};

interface Attempt {
  readonly kind: string;
  readonly url: string;
}

function invalidRequest(endpoint: Endpoint): fc.Arbitrary<Attempt> {
  const names = Object.keys(endpoint.params);
  const at = (query: string, id = 'x-1') => `${endpoint.path.replace('{id}', id)}${query ? `?${query}` : ''}`;
  // A valid value for every date parameter, so a report fails on the value under test and not a missing one.
  const dates = names
    .filter((n) => endpoint.params[n] === 'date')
    .map((n) => `${n}=2026-12-01`)
    .join('&');
  const withDates = (query: string) => [dates, query].filter((q) => q.length > 0).join('&');
  /** The valid dates but `name`'s, and `query`. */
  const withDatesBut = (name: string, query: string) =>
    [...dates.split('&').filter((d) => d.length > 0 && !d.startsWith(`${name}=`)), query].join('&');
  const options: fc.Arbitrary<Attempt>[] = [
    fc
      .string({ minLength: 1, maxLength: 10 })
      .map((k) => ({ kind: 'unknown parameter', url: at(withDates(`zz${encodeURIComponent(k)}=1`)) })),
  ];
  if (names.length > 0) {
    options.push(
      fc.constantFrom(...names).chain((name) =>
        badValue(endpoint.params[name]!).map((value) => ({
          kind: `bad ${name}`,
          url: at(withDatesBut(name, `${name}=${value}`)),
        })),
      ),
    );
    options.push(
      fc.constantFrom(...names).map((name) => {
        const value = endpoint.params[name] === 'date' ? '2026-12-01' : '1';
        return { kind: `repeated ${name}`, url: at(withDatesBut(name, `${name}=${value}&${name}=${value}`)) };
      }),
    );
  }
  if (endpoint.path.includes('{id}')) options.push(badId.map((id) => ({ kind: 'bad id', url: at('', id) })));
  return fc.oneof(...options.filter((o) => o !== undefined));
}

/** A client frame the live endpoint must refuse: each is answered with one error frame. */
const badFrame: fc.Arbitrary<{ kind: string; data: string | Buffer }> = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({
    kind: 'not JSON',
    data: `{${Buffer.from(bytes).toString('latin1')}`,
  })),
  fc
    .oneof(fc.constant(null), fc.integer(), fc.string(), fc.array(fc.integer(), { maxLength: 3 }))
    .map((v) => ({ kind: 'not an object', data: JSON.stringify(v) })),
  fc.string({ maxLength: 12 }).map((op) => ({ kind: 'unknown op', data: JSON.stringify({ op: `zz${op}` }) })),
  fc.constant({ kind: 'no channel', data: JSON.stringify({ op: 'subscribe' }) }),
  fc
    .oneof(
      fc.string({ maxLength: 40 }).map((s) => `zz${s}`),
      fc.string({ minLength: 201, maxLength: 300 }),
      fc.constantFrom('order:', 'customer:x', 'stock:a\u0000b', 'alerts:high-stock', 'stock:'),
    )
    .map((channel) => ({ kind: 'bad channel', data: JSON.stringify({ op: 'subscribe', channel }) })),
  fc.string({ minLength: 1, maxLength: 60 }).map((since) => ({
    kind: 'bad since',
    data: JSON.stringify({ op: 'subscribe', channel: 'stock:FUZZ-SKU', since }),
  })),
  fc.constant({
    kind: 'not subscribed',
    data: JSON.stringify({ op: 'unsubscribe', channel: 'stock:NOT-FOLLOWED' }),
  }),
  fc
    .uint8Array({ minLength: 1, maxLength: 64 })
    .map((bytes) => ({ kind: 'binary', data: Buffer.from(bytes) })),
  fc.integer({ min: 5_000, max: 30_000 }).map((n) => ({
    kind: 'too large',
    data: JSON.stringify({ op: 'ping', pad: 'x'.repeat(n) }),
  })),
);

const rssKb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

describe('every door of the query API and every frame of its live endpoint, fuzzed', () => {
  const authorization = `Bearer ${localApiKey(config)}`;
  let app: ReturnType<typeof startApp>;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    app = startApp('query-api', { SHOPSTREAM_QUERY_API_PORT: String(port) });
    await waitFor(
      async () => {
        if (app.exitCode !== null) throw new Error(`the query API exited: ${app.output.join('')}`);
        return (await fetch(`${url}/health`)).status === 200;
      },
      { what: 'the query API to answer /health', timeoutMs: 120_000 },
    );
  });

  afterAll(async () => {
    app.kill('SIGTERM');
    await exited(app);
  });

  jest.setTimeout(1_200_000);

  it('refuses every invalid request with a 4xx and stays up', async () => {
    const rssBefore = rssKb(app.pid!);
    let tried = 0;
    for (const endpoint of ENDPOINTS) {
      await fc.assert(
        fc.asyncProperty(invalidRequest(endpoint), async (attempt) => {
          const response = await fetch(`${url}${attempt.url}`, { headers: { authorization } });
          const text = await response.text();
          tried++;
          // 401 or 403 would mean the request never reached validation: the fuzzing would prove nothing.
          if (response.status < 400 || response.status >= 500 || [401, 403].includes(response.status))
            throw new Error(
              `GET ${attempt.url.slice(0, 200)} (${attempt.kind}) answered ${response.status}: ${text.slice(0, 300)}`,
            );
        }),
        { numRuns: RUNS },
      );
    }
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(app.exitCode).toBeNull();
    const rssAfter = rssKb(app.pid!);
    process.stdout.write(
      `query fuzz: ${tried} invalid requests over ${ENDPOINTS.length} endpoints, all refused with a 4xx; ` +
        `rss ${Math.round(rssBefore / 1024)} → ${Math.round(rssAfter / 1024)} MiB\n`,
    );
    expect(rssAfter - rssBefore).toBeLessThan(512 * 1024);
  });

  it('answers every invalid live frame with an error frame and keeps the connection', async () => {
    const socket = new WebSocket(`${url.replace('http', 'ws')}/live`, { headers: { authorization } });
    const errors: { code?: string }[] = [];
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; code?: string };
      if (frame.type === 'error') errors.push(frame);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    let sent = 0;
    try {
      await fc.assert(
        fc.asyncProperty(badFrame, async (frame) => {
          socket.send(frame.data, { binary: Buffer.isBuffer(frame.data) });
          sent++;
          await waitFor(() => errors.length === sent, {
            what: `an error frame for the ${frame.kind} frame (sent ${sent}, errors ${errors.length})`,
            timeoutMs: 10_000,
            intervalMs: 5,
          });
          if (socket.readyState !== WebSocket.OPEN)
            throw new Error(`the ${frame.kind} frame closed the connection`);
        }),
        { numRuns: RUNS * 3 },
      );
      // Still served: a ping is answered.
      const pongs: unknown[] = [];
      socket.on('message', (data) => {
        if ((JSON.parse(data.toString()) as { type: string }).type === 'pong') pongs.push(data);
      });
      socket.send(JSON.stringify({ op: 'ping' }));
      await waitFor(() => pongs.length === 1, { what: 'a pong after the fuzzing', timeoutMs: 10_000 });
    } finally {
      socket.close();
    }
    process.stdout.write(
      `live fuzz: ${sent} invalid frames, each answered with an error frame (${[...new Set(errors.map((e) => e.code))].join(', ')})\n`,
    );
    expect(app.exitCode).toBeNull();
  });
});
