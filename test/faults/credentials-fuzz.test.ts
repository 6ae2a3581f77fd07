import { randomUUID } from 'node:crypto';
import * as net from 'node:net';
import fc from 'fast-check';
import { Client } from 'pg';
import { outboxRowCount } from '../support/outbox-rows';
import { loadConfig } from '@shopstream/config';
import { exited, startApp } from '../support/app-process';
import { freePort } from '../support/free-port';
import { waitFor } from '../support/wait-for';
import { FULL } from './fault-mode';

/*
 * The doors of both APIs, fuzzed with what comes before validation: bad credentials and bad headers. Authorization
 * headers that are empty, of an unknown scheme, a key of the wrong shape, a forged or unsigned token, far too long,
 * with control characters or bytes that are not UTF-8, or sent twice; a content type that is no JSON. Requests go out
 * as raw bytes over a socket, since HTTP clients refuse to send most of these. Every one must be answered with a 4xx
 * (never a 2xx, never a 5xx); afterwards both processes are alive and the commerce API wrote no event.
 */
const config = loadConfig();
const RUNS = FULL ? 1_000 : 120;

const b64url = (text: string) => Buffer.from(text).toString('base64url');
const order = JSON.stringify({
  customerId: 'fuzz-customer',
  currency: 'EUR',
  lines: [{ sku: 'SKU-00001', quantity: 1, unitPriceMinor: 100 }],
  shippingAddress: { name: 'Ada', line1: '1 Log St', city: 'Kafka', postalCode: '1000', country: 'DE' },
});

/** An Authorization header value no platform credential matches, as the bytes sent. */
const badCredential: fc.Arbitrary<Buffer> = fc.oneof(
  fc
    .constantFrom('', 'Bearer', 'Bearer ', 'bearer x', 'Basic Zm9vOmJhcg==', 'Token abc', 'Bearer  ')
    .map(Buffer.from),
  fc.string({ maxLength: 60 }).map((s) => Buffer.from(`Bearer ${s.replace(/[\r\n]/g, '')}`)),
  fc.string({ minLength: 1, maxLength: 43 }).map((s) => Buffer.from(`Bearer ssk_${b64url(s)}`)),
  // Tokens shaped like the customer tokens: unsigned, signed with a made-up key, or with a payload that lies.
  fc
    .record({
      alg: fc.constantFrom('none', 'HS256', 'RS256', 'ES256'),
      sub: fc.string({ maxLength: 20 }),
      exp: fc.integer({ min: -1, max: 4_000_000_000 }),
      signature: fc.string({ maxLength: 40 }),
    })
    .map(({ alg, sub, exp, signature }) =>
      Buffer.from(
        `Bearer ${b64url(JSON.stringify({ alg, typ: 'JWT' }))}.${b64url(JSON.stringify({ sub, exp, scope: 'admin' }))}.${b64url(signature)}`,
      ),
    ),
  fc.integer({ min: 4_000, max: 20_000 }).map((n) => Buffer.from(`Bearer ${'a'.repeat(n)}`)),
  fc
    .tuple(fc.string({ maxLength: 8 }), fc.constantFrom(0x00, 0x07, 0x1b, 0x7f), fc.string({ maxLength: 8 }))
    .map(([a, c, b]) => Buffer.concat([Buffer.from(`Bearer ${a}`), Buffer.from([c]), Buffer.from(b)])),
  fc
    .constantFrom([0xff, 0xfe], [0xc0, 0xaf], [0xed, 0xa0, 0x80])
    .map((bytes) => Buffer.concat([Buffer.from('Bearer ssk_'), Buffer.from(bytes)])),
);

interface Attempt {
  readonly credential: Buffer;
  /** The Authorization header twice: the bad one, then another bad one. */
  readonly twice: Buffer | null;
  readonly contentType: string;
}

const attempts: fc.Arbitrary<Attempt> = fc.record({
  credential: badCredential,
  twice: fc.option(badCredential, { nil: null }),
  contentType: fc.constantFrom('application/json', 'text/plain', 'application/json; charset=latin-9', ''),
});

/** One request as raw bytes, and the status line's code (0 when the connection closed without an answer). */
function rawRequest(
  port: number,
  method: string,
  path: string,
  attempt: Attempt,
  body: string,
): Promise<number> {
  const head = [
    `${method} ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Connection: close',
    `Idempotency-Key: ${randomUUID()}`,
    ...(attempt.contentType ? [`Content-Type: ${attempt.contentType}`] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
  ].join('\r\n');
  const auth = (value: Buffer) => Buffer.concat([Buffer.from('\r\nAuthorization: '), value]);
  const request = Buffer.concat([
    Buffer.from(head),
    auth(attempt.credential),
    ...(attempt.twice ? [auth(attempt.twice)] : []),
    Buffer.from('\r\n\r\n'),
    Buffer.from(body),
  ]);
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(15_000, () => socket.destroy(new Error(`${method} ${path}: no answer within 15 s`)));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(Buffer.concat(chunks).toString('latin1'));
      resolve(status ? Number(status[1]) : 0);
    });
    // Written, not ended: a client that half-closes first may get no answer from any server.
    socket.write(request);
  });
}

describe('the credentials and headers of every API door, fuzzed', () => {
  const db = new Client({ connectionString: config.database.url });
  const apps: { name: string; port: number; process: ReturnType<typeof startApp> }[] = [];

  beforeAll(async () => {
    await db.connect();
    for (const [name, variable] of [
      ['commerce-api', 'SHOPSTREAM_COMMERCE_API_PORT'],
      ['query-api', 'SHOPSTREAM_QUERY_API_PORT'],
    ] as const) {
      const port = await freePort();
      const child = startApp(name, { [variable]: String(port) });
      apps.push({ name, port, process: child });
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`${name} exited: ${child.output.join('')}`);
          return (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.status === 200;
        },
        { what: `${name} to answer /health`, timeoutMs: 120_000 },
      );
    }
  }, 300_000);

  afterAll(async () => {
    for (const app of apps) {
      app.process.kill('SIGTERM');
      await exited(app.process);
    }
    await db.end();
  });

  jest.setTimeout(1_200_000);

  it('answers every bad credential and header with a 4xx, stays up, and writes no event', async () => {
    const outboxRows = () => outboxRowCount(db);
    const before = await outboxRows();
    const doors = [
      { app: 'commerce-api', method: 'POST', path: '/orders', body: order },
      { app: 'commerce-api', method: 'GET', path: `/orders/${randomUUID()}`, body: '' },
      { app: 'query-api', method: 'GET', path: `/orders/${randomUUID()}`, body: '' },
      { app: 'query-api', method: 'GET', path: '/customers/fuzz-customer/orders?limit=5', body: '' },
    ];
    const statuses = new Map<number, number>();
    for (const door of doors) {
      const { port } = apps.find((a) => a.name === door.app)!;
      await fc.assert(
        fc.asyncProperty(attempts, async (attempt) => {
          const status = await rawRequest(port, door.method, door.path, attempt, door.body);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status < 400 || status >= 500)
            throw new Error(
              `${door.app} ${door.method} ${door.path} answered ${status || 'nothing'} to Authorization ` +
                `${JSON.stringify(attempt.credential.toString('latin1').slice(0, 120))}` +
                `${attempt.twice ? ' (sent twice)' : ''}, content type ${JSON.stringify(attempt.contentType)}`,
            );
        }),
        { numRuns: RUNS },
      );
    }
    for (const app of apps) {
      expect({ app: app.name, exitCode: app.process.exitCode }).toEqual({ app: app.name, exitCode: null });
      expect((await fetch(`http://127.0.0.1:${app.port}/health`)).status).toBe(200);
    }
    process.stdout.write(
      `credentials fuzz: ${[...statuses.values()].reduce((a, b) => a + b, 0)} requests over ${doors.length} doors ` +
        `of 2 apps, answers ${JSON.stringify([...statuses].sort((a, b) => a[0] - b[0]))}\n`,
    );
    expect(await outboxRows()).toBe(before);
  });
});
