import { createHmac, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { Client } from 'pg';
import { outboxRowCount } from '../support/outbox-rows';
import { loadConfig } from '@shopstream/config';
import { exited, startApp } from '../support/app-process';
import { badId } from '../support/bad-id-arbitrary';
import { localApiKey } from '../support/credentials';
import { freePort } from '../support/free-port';
import { waitFor } from '../support/wait-for';
import { FULL } from './fault-mode';

/*
 * Every door of the commerce API, fuzzed with input that is invalid by construction: a field of the wrong JSON type,
 * a required field missing, an unknown field, numbers far out of range, text with NUL or a lone surrogate, bodies
 * that are not objects or not JSON, bodies deeper or larger than any limit, path ids no id can be. Each must be
 * refused with a 4xx; afterwards the process is alive, its memory bounded, and not one event was written. Requests
 * carry the admin key, so they reach validation rather than stop at the door.
 */
const config = loadConfig();
const SECRET = 'fuzz-webhook-secret-0123456789abcdef';
const RUNS = FULL ? 2_000 : 150;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Door {
  readonly method: 'POST';
  readonly path: string;
  readonly body: Record<string, Json> | Json[];
  /** Fields a valid body must have, as paths into it. */
  readonly required: readonly (readonly (string | number)[])[];
  readonly signed?: boolean;
}

const address = { name: 'Ada', line1: '1 Log St', city: 'Kafka', postalCode: '1000', country: 'DE' };
const DOORS: readonly Door[] = [
  {
    method: 'POST',
    path: '/orders',
    body: {
      customerId: 'fuzz',
      currency: 'EUR',
      lines: [{ sku: 'SKU-00001', quantity: 1, unitPriceMinor: 100 }],
      shippingAddress: address,
    },
    required: [
      ['customerId'],
      ['currency'],
      ['lines'],
      ['lines', 0, 'sku'],
      ['lines', 0, 'quantity'],
      ['lines', 0, 'unitPriceMinor'],
      ['shippingAddress'],
      ['shippingAddress', 'name'],
      ['shippingAddress', 'country'],
    ],
  },
  { method: 'POST', path: '/orders/{id}/cancel', body: { reason: 'CUSTOMER_REQUEST' }, required: [] },
  {
    method: 'POST',
    path: '/payments/webhook',
    body: {
      type: 'captured',
      deliveryId: 'd-1',
      orderId: 'o-1',
      paymentId: 'p-1',
      amountMinor: 100,
      currency: 'EUR',
    },
    required: [['type'], ['deliveryId'], ['orderId'], ['paymentId'], ['amountMinor'], ['currency']],
    signed: true,
  },
  { method: 'POST', path: '/shipments', body: { orderId: 'o-1' }, required: [['orderId']] },
  {
    method: 'POST',
    path: '/shipments/{id}/dispatch',
    body: { carrier: 'DHL', trackingNumber: 'T-1' },
    required: [['carrier'], ['trackingNumber']],
  },
  { method: 'POST', path: '/shipments/{id}/deliver', body: {}, required: [] },
  { method: 'POST', path: '/shipments/{id}/return', body: { reason: 'damaged' }, required: [] },
  { method: 'POST', path: '/inventory/{id}/receive', body: { quantity: 5 }, required: [['quantity']] },
  {
    method: 'POST',
    path: '/inventory/{id}/adjust',
    body: { delta: -1, reason: 'DAMAGED' },
    required: [['delta'], ['reason']],
  },
  { method: 'POST', path: '/inventory/{id}/threshold', body: { threshold: 3 }, required: [['threshold']] },
];

/** A value of another JSON type than `value`, never null (null is valid for optional fields). */
const otherType = (value: Json): fc.Arbitrary<Json> => {
  const json = fc.jsonValue() as fc.Arbitrary<Json>;
  const kinds: fc.Arbitrary<Json>[] = [];
  if (typeof value !== 'string') kinds.push(fc.string());
  if (typeof value !== 'number')
    kinds.push(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })));
  if (typeof value !== 'boolean') kinds.push(fc.boolean());
  if (!Array.isArray(value)) kinds.push(fc.array(json, { maxLength: 3 }));
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    kinds.push(fc.dictionary(fc.string({ maxLength: 5 }), json, { maxKeys: 3 }));
  return fc.oneof(...kinds);
};

/** Text no field accepts: a NUL, another control character, or half of a surrogate pair. */
const badText = fc
  .tuple(
    fc.string({ maxLength: 10 }),
    fc.constantFrom('\u0000', '\u0007', '\ud800', '\udfff'),
    fc.string({ maxLength: 10 }),
  )
  .map(([a, bad, b]) => `${a}${bad}${b}`);

const outOfRange = fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, -(2 ** 53) - 2, 1.5, -1);

function leaves(body: Json, at: (string | number)[] = []): { path: (string | number)[]; value: Json }[] {
  if (body === null || typeof body !== 'object') return [{ path: at, value: body }];
  const entries: [string | number, Json][] = Array.isArray(body)
    ? body.map((v, i) => [i, v])
    : Object.entries(body);
  return [
    ...(at.length > 0 ? [{ path: at, value: body }] : []),
    ...entries.flatMap(([k, v]) => leaves(v, [...at, k])),
  ];
}

function replaced(body: Json, path: readonly (string | number)[], value: Json | undefined): Json {
  const copy = structuredClone(body) as Record<string | number, Json>;
  let node = copy as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy as Json;
}

interface Attempt {
  readonly kind: string;
  readonly path: string;
  readonly raw: string;
  readonly contentType: string;
}

/** One invalid request for a door. */
function invalidRequest(door: Door): fc.Arbitrary<Attempt> {
  const fields = leaves(door.body as Json);
  const strings = fields.filter((f) => typeof f.value === 'string');
  const numbers = fields.filter((f) => typeof f.value === 'number');
  const id = 'x-1';
  const at = (path = door.path.replace('{id}', id)) => path;
  const json = (kind: string, body: Json, path = at()): Attempt => ({
    kind,
    path,
    raw: JSON.stringify(body),
    contentType: 'application/json',
  });
  const options: fc.Arbitrary<Attempt>[] = [
    fc
      .string({ minLength: 1, maxLength: 12 })
      .map((k) => json('unknown field', { ...(door.body as Record<string, Json>), [`zz${k}`]: 1 })),
    fc
      .oneof(fc.constant(null), fc.integer(), fc.string(), fc.array(fc.integer(), { maxLength: 3 }))
      .map((b) => json('not an object', b as Json)),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({
      kind: 'not JSON',
      path: at(),
      raw: `{${Buffer.from(bytes).toString('latin1')}`,
      contentType: 'application/json',
    })),
    fc.integer({ min: 2_000, max: 20_000 }).map((depth) => ({
      kind: 'deep',
      path: at(),
      raw: `${'['.repeat(depth)}${']'.repeat(depth)}`,
      contentType: 'application/json',
    })),
    fc.constant({
      kind: 'huge',
      path: at(),
      raw: JSON.stringify({ pad: 'x'.repeat(3_000_000) }),
      contentType: 'application/json',
    }),
    fc
      .constant(json('wrong content type', door.body as Json))
      .map((a) => ({ ...a, contentType: 'text/plain' })),
  ];
  if (fields.length > 0)
    options.push(
      fc
        .constantFrom(...fields)
        .chain((f) =>
          otherType(f.value).map((v) =>
            json(`wrong type at ${f.path.join('.')}`, replaced(door.body as Json, f.path, v)),
          ),
        )
        .filter((a) => a.raw !== JSON.stringify(door.body)),
    );
  if (door.required.length > 0)
    options.push(
      fc
        .constantFrom(...door.required)
        .map((p) => json(`missing ${p.join('.')}`, replaced(door.body as Json, p, undefined))),
    );
  if (strings.length > 0)
    options.push(
      fc
        .tuple(fc.constantFrom(...strings), badText)
        .map(([f, t]) => json(`bad text at ${f.path.join('.')}`, replaced(door.body as Json, f.path, t))),
    );
  if (numbers.length > 0)
    options.push(
      fc
        .tuple(fc.constantFrom(...numbers), outOfRange)
        .map(([f, n]) => json(`out of range at ${f.path.join('.')}`, replaced(door.body as Json, f.path, n))),
    );
  if (door.path.includes('{id}'))
    options.push(badId.map((bad) => json('bad id', door.body as Json, door.path.replace('{id}', bad))));
  return fc.oneof(...options);
}

const rssKb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

describe('every door of the commerce API, fuzzed', () => {
  const authorization = `Bearer ${localApiKey(config)}`;
  const db = new Client({ connectionString: config.database.url });
  let app: ReturnType<typeof startApp>;
  let url: string;

  beforeAll(async () => {
    await db.connect();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    app = startApp('commerce-api', {
      SHOPSTREAM_COMMERCE_API_PORT: String(port),
      SHOPSTREAM_PAYMENT_WEBHOOK_SECRET: SECRET,
    });
    await waitFor(async () => (await fetch(`${url}/ready`)).status === 200, {
      what: 'the commerce API to be ready',
      timeoutMs: 120_000,
    });
  });

  afterAll(async () => {
    app.kill('SIGTERM');
    await exited(app);
    await db.end();
  });

  jest.setTimeout(1_200_000);

  it('refuses every invalid request with a 4xx, stays up, and writes no event', async () => {
    const outboxRows = () => outboxRowCount(db);
    const before = await outboxRows();
    const rssBefore = rssKb(app.pid!);
    const tried = new Map<string, number>();
    for (const door of DOORS) {
      await fc.assert(
        fc.asyncProperty(invalidRequest(door), async (attempt) => {
          const at = Math.floor(Date.now() / 1000);
          const signature = `t=${at},v1=${createHmac('sha256', SECRET).update(`${at}.${attempt.raw}`).digest('hex')}`;
          const response = await fetch(`${url}${attempt.path}`, {
            method: door.method,
            headers: {
              authorization,
              'content-type': attempt.contentType,
              'idempotency-key': randomUUID(),
              ...(door.signed ? { 'x-signature': signature } : {}),
            },
            body: attempt.raw,
          });
          const text = await response.text();
          tried.set(door.path, (tried.get(door.path) ?? 0) + 1);
          // 401 or 403 would mean the request never reached validation: the fuzzing would prove nothing.
          if (response.status < 400 || response.status >= 500 || [401, 403].includes(response.status))
            throw new Error(
              `${door.method} ${attempt.path} (${attempt.kind}) answered ${response.status}: ${text.slice(0, 300)}`,
            );
        }),
        { numRuns: RUNS },
      );
    }
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(app.exitCode).toBeNull();
    const rssAfter = rssKb(app.pid!);
    process.stdout.write(
      `http fuzz: ${[...tried.values()].reduce((a, b) => a + b, 0)} invalid requests over ${DOORS.length} doors, ` +
        `all refused with a 4xx; rss ${Math.round(rssBefore / 1024)} → ${Math.round(rssAfter / 1024)} MiB\n`,
    );
    expect(rssAfter - rssBefore).toBeLessThan(512 * 1024);
    expect(await outboxRows()).toBe(before);
  });
});
