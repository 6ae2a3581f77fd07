import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createEventCodec, OrdersEvent } from '@shopstream/events';
import { describeCluster, EventProducer, readTopics } from '@shopstream/kafka';
import { runCli } from '../support/cli';
import { placeOrders } from '../support/order-load';
import { processAlive } from '../support/process-alive';
import { waitFor } from '../support/wait-for';
import { settledVerdict, verdictLine } from './acknowledged-in-log';
import { FULL, rounds } from './fault-mode';
import { FaultPlatform } from './fault-platform';
import { postgresFaultScenarios } from './postgres-faults.scenarios';
import { PrivatePostgres, privatePostgresAvailable, startPrivatePostgres } from '../support/private-postgres';

/*
 * Faults of a single-broker platform of its own, running its apps as `up` starts them:
 * - poison written straight to the orders topic by a raw producer is parked with its reason by every consumer, and
 *   orders placed after it are still processed;
 * - the only broker stops while four clients place orders: the API answers 503 with Retry-After and acknowledges
 *   nothing meanwhile; once it is back the same app processes take orders again by themselves, and every order
 *   acknowledged before, during or after is in the log exactly once;
 * - the registry stops under load: the API keeps acknowledging and the consumers keep processing with the schemas
 *   they cached, a command whose event schema the API never resolved is refused with 503 and writes nothing, and
 *   `up` brings it back without touching the apps;
 * - PostgreSQL's sessions terminated and the server restarted under load (postgres-faults.scenarios.ts): the
 *   platform runs on a PostgreSQL cluster of the test's own where the machine has the server binaries;
 * - the registry loses a schema the log's events were written with: `status` and `up` say so and `up` refuses.
 * One platform for all of them, one scenario after the other: each `up` of a platform of its own costs a JVM start
 * per service, which on a loaded box is most of a scenario's time.
 */
const base = 24_300 + Math.floor(Math.random() * 30) * 20;
const ownServer = privatePostgresAvailable();
/** The platform's ports take base to base + 15. */
const pgPort = base + 16;
const fault = new FaultPlatform({
  brokers: 1,
  basePort: base,
  ...(ownServer ? { databasePort: pgPort } : {}),
});
const { platform, api, auth } = fault;
const SKU = 'SKU-00003';
const APPS = ['commerce-api', 'processor', 'projector'];

const brokerAnswers = async () =>
  (await describeCluster(platform.config.kafka.brokers, 2_000).catch(() => null)) !== null;

async function placeOrder(): Promise<string> {
  const answer = await fetch(`${api}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...auth() },
    body: JSON.stringify({
      customerId: `poison-${randomBytes(3).toString('hex')}`,
      currency: 'EUR',
      lines: [{ sku: SKU, quantity: 1, unitPriceMinor: 500 }],
      shippingAddress: { name: 'P', line1: '1 Log St', city: 'Kafka', postalCode: '1000', country: 'DE' },
    }),
  });
  expect(answer.status).toBe(202);
  return ((await answer.json()) as { orderId: string }).orderId;
}

/** The order as the read side shows it, once the projector has it. */
async function projected(orderId: string): Promise<boolean> {
  return (await fetch(`${api}/orders/${orderId}`, { headers: auth() })).status === 200;
}

if (!ownServer)
  process.stdout.write(
    'postgres faults: the restart is skipped, no PostgreSQL server binaries under /usr/lib/postgresql\n',
  );

describe('a single-broker platform under faults', () => {
  let postgres: PrivatePostgres | undefined;

  beforeAll(async () => {
    if (ownServer) postgres = startPrivatePostgres(pgPort);
    await fault.start(SKU);
  }, 900_000);

  afterAll(async () => {
    // A platform on a server of its own: its databases go with the server, `down` is enough.
    await fault.stop(ownServer ? 'down' : 'reset');
    postgres?.stop();
  });

  jest.setTimeout(900_000);

  it('parks poison from a raw producer with its reason, and goes on with the orders after it', async () => {
    const first = await placeOrder();
    await waitFor(() => projected(first), { what: `order ${first} on the read side`, timeoutMs: 120_000 });
    // The first order's OrderPlaced again under a new event id: valid Avro that places an order twice.
    const codec = createEventCodec(platform.config.registry.url);
    let placed: OrdersEvent | undefined;
    await readTopics({
      brokers: platform.config.kafka.brokers,
      topics: ['shopstream.orders'],
      fromBeginning: true,
      untilCurrentEnd: true,
      onRecord: async (record) => {
        const event = (await codec.decode(record.value)) as OrdersEvent;
        if (event.type === 'shopstream.orders.OrderPlaced' && event.orderId === first) placed = event;
      },
    });
    const twice = { ...placed!, metadata: { ...placed!.metadata, eventId: randomUUID() } };
    const unknownSchema = Buffer.concat([Buffer.from([0, 0x7f, 0xff, 0xff, 0xf0]), randomBytes(20)]);
    const poison = [
      {
        kind: 'random bytes',
        key: 'poison-random',
        value: Buffer.concat([Buffer.from([0x42]), randomBytes(40)]),
        code: 'EVENT_NOT_FRAMED',
      },
      {
        kind: 'wrong magic byte',
        key: 'poison-magic',
        value: Buffer.concat([Buffer.from([1]), (await codec.encode(twice)).subarray(1)]),
        code: 'EVENT_NOT_FRAMED',
      },
      { kind: 'unknown schema id', key: 'poison-schema', value: unknownSchema, code: 'SCHEMA_ID_UNKNOWN' },
      {
        kind: 'an order placed twice',
        key: first,
        value: await codec.encode(twice),
        code: 'PROJECTION_INVARIANT',
      },
    ];
    const producer = new EventProducer({ brokers: platform.config.kafka.brokers, clientId: 'fault-poison' });
    await producer.connect();
    const positions = await producer.send(
      poison.map((p) => ({ topic: 'shopstream.orders', key: p.key, value: p.value })),
    );
    await producer.disconnect();

    // Orders placed after the poison, on every partition it may share, are processed and projected.
    const later = await Promise.all(Array.from({ length: 24 }, () => placeOrder()));
    await waitFor(async () => (await Promise.all(later.map(projected))).every(Boolean), {
      what: 'the orders placed after the poison on the read side',
      timeoutMs: 180_000,
    });
    // Each poison record is parked by the read models with its reason; the processor parks what it can't decode.
    await waitFor(
      async () => {
        const { rows } = await fault.db.query<{
          projection: string;
          partition: number;
          offset: string;
          error_code: string;
        }>(
          `select projection, partition, "offset"::text as offset, error_code from projection_dead_letters
            where topic = 'shopstream.orders' and status = 'PARKED'`,
        );
        return poison.every((p, i) => {
          const at = rows.filter(
            (r) => r.partition === positions[i]!.partition && r.offset === positions[i]!.offset,
          );
          return at.some((r) => r.error_code === p.code) && at.every((r) => r.error_code === p.code);
        });
      },
      { what: 'every poison record parked with its reason', timeoutMs: 120_000 },
    );
    const { rows: byProjection } = await fault.db.query<{ projection: string }>(
      `select distinct projection from projection_dead_letters
        where topic = 'shopstream.orders' and error_code = 'EVENT_NOT_FRAMED' and "offset" = $1 and partition = $2`,
      [positions[0]!.offset, positions[0]!.partition],
    );
    expect(byProjection.map((r) => r.projection)).toEqual(
      expect.arrayContaining(['order_flow', 'customer_orders']),
    );
  });

  it('answers 503 with Retry-After while its broker is down, acknowledges nothing unwritten, and recovers', async () => {
    const apps = new Map(APPS.map((app) => [app, platform.pidOf(app)]));
    const load = placeOrders(api, SKU, 4, auth);
    const outages: { from: number; to: number }[] = [];
    try {
      for (let round = 1; round <= rounds(3); round++) {
        const before = load.report.acknowledged.length;
        await waitFor(() => load.report.acknowledged.length >= before + 30, {
          what: '30 more acknowledged orders',
          timeoutMs: 120_000,
        });
        fault.step('broker outage', `stopping kafka-1, round ${round}`);
        const broker = platform.pidOf('kafka-1');
        execFileSync('kill', ['-TERM', String(broker)]);
        // Its process gone, not a describe that failed: during its controlled shutdown the broker may refuse a
        // metadata request (or miss a 2 s deadline) and still take writes on the connections it has.
        await waitFor(() => !processAlive(broker), { what: 'the broker process to exit', timeoutMs: 60_000 });
        const from = Date.now();
        const unavailableBefore = load.report.statuses.get(503) ?? 0;
        // Every client has been refused at least once (each waits out the publish timeout first).
        await waitFor(() => (load.report.statuses.get(503) ?? 0) >= unavailableBefore + (FULL ? 20 : 4), {
          what: '503 answers while the broker is down',
          timeoutMs: 120_000,
        });
        outages.push({ from, to: Date.now() });
        fault.step('broker outage', 'refused while down; up');
        await fault.up();
        await waitFor(brokerAnswers, { what: 'the broker to answer again', timeoutMs: 120_000 });
        fault.step('broker outage', 'broker back');
        const after = load.report.acknowledged.length;
        await waitFor(() => load.report.acknowledged.length >= after + 30, {
          what: 'orders acknowledged again after the broker came back',
          timeoutMs: 180_000,
        });
      }
    } finally {
      await load.stop();
    }
    const report = load.report;
    // Nothing sent while the broker was down, and answered before it came back, was acknowledged.
    const duringOutage = report.acknowledged.filter((o) =>
      outages.some((w) => o.startedAt >= w.from && o.answeredAt <= w.to),
    );
    const verdict = await settledVerdict(fault.db, platform, report);
    process.stdout.write(
      `broker outage, ${outages.length} time(s): ${verdictLine(report, verdict)}, unavailable windows (ms) ` +
        `${JSON.stringify(report.unavailable.map((w) => w.to - w.from))}\n`,
    );
    expect(duringOutage).toEqual([]);
    expect(report.retryAfterMissing).toBe(0);
    expect(report.unexpected.filter((u) => !u.includes('503'))).toEqual([]);
    expect(verdict).toEqual({ lost: [], duplicated: [], misplaced: [] });
    // Recovered by themselves: the apps are the processes that were running before the first stop.
    expect(new Map(APPS.map((app) => [app, platform.pidOf(app)]))).toEqual(apps);
  });

  it('takes and processes orders from cached schemas while the registry is stopped, and recovers', async () => {
    const registryAnswers = async () =>
      (
        await fetch(`${platform.config.registry.url}/subjects`, { signal: AbortSignal.timeout(2_000) }).catch(
          () => null,
        )
      )?.ok === true;
    const adjustStock = () =>
      fetch(`${api}/inventory/${SKU}/adjust`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'fault-adjust', ...auth() },
        body: JSON.stringify({ delta: 5, reason: 'FOUND' }),
      });
    const adjustmentsStored = async () =>
      Number(
        (
          await fault.db.query<{ n: string }>(
            `select count(*) as n from order_flow.outbox where event_type like '%StockAdjusted' and key = $1`,
            [SKU],
          )
        ).rows[0]!.n,
      );
    const apps = new Map(APPS.map((app) => [app, platform.pidOf(app)]));
    const load = placeOrders(api, SKU, 4, auth);
    const outage = { from: 0, to: 0 };
    let projectedDuringOutage = 0;
    try {
      await waitFor(() => load.report.acknowledged.length >= 30, {
        what: '30 acknowledged orders',
        timeoutMs: 120_000,
      });
      fault.step('registry stopped', 'stopping the registry');
      execFileSync('kill', ['-TERM', String(platform.pidOf('registry'))]);
      await waitFor(async () => !(await registryAnswers()), {
        what: 'the registry to stop',
        timeoutMs: 60_000,
      });
      outage.from = Date.now();
      fault.step('registry stopped', 'registry down');
      const before = load.report.acknowledged.length;
      // Producers encode with the schema ids they already resolved, so the API keeps acknowledging.
      await waitFor(() => load.report.acknowledged.length >= before + 30, {
        what: '30 orders acknowledged while the registry is down',
        timeoutMs: 120_000,
      });
      // Consumers decode from their cache: orders placed meanwhile reach the read side before it is back.
      const during = load.report.acknowledged.slice(before, before + 30).map((o) => o.orderId);
      await waitFor(async () => (await Promise.all(during.map(projected))).every(Boolean), {
        what: 'orders placed while the registry is down on the read side',
        timeoutMs: 120_000,
      });
      projectedDuringOutage = during.length;
      // An event whose schema id this API process never resolved (nothing adjusted stock on this platform yet):
      // it can't be encoded, so the command is refused with 503 and writes nothing.
      const refused = await adjustStock();
      expect({ status: refused.status, retryAfter: refused.headers.get('retry-after') !== null }).toEqual({
        status: 503,
        retryAfter: true,
      });
      expect(await adjustmentsStored()).toBe(0);
      expect(await registryAnswers()).toBe(false);
      outage.to = Date.now();
      fault.step('registry stopped', 'orders acknowledged and projected while down; up');
      await fault.up();
      await waitFor(registryAnswers, { what: 'the registry to answer again', timeoutMs: 240_000 });
      fault.step('registry stopped', 'registry back');
      // The same command again, now that the schema can be resolved: taken, and stored once.
      expect((await adjustStock()).status).toBe(200);
      expect(await adjustmentsStored()).toBe(1);
      const after = load.report.acknowledged.length;
      await waitFor(() => load.report.acknowledged.length >= after + 30, {
        what: 'orders acknowledged after the registry came back',
        timeoutMs: 120_000,
      });
    } finally {
      await load.stop();
    }
    const report = load.report;
    const verdict = await settledVerdict(fault.db, platform, report);
    process.stdout.write(
      `registry stopped: ${verdictLine(report, verdict)}, ${projectedDuringOutage} projected while it was down ` +
        `(${outage.to - outage.from} ms)\n`,
    );
    expect(report.unexpected).toEqual([]);
    expect(verdict).toEqual({ lost: [], duplicated: [], misplaced: [] });
    expect(new Map(APPS.map((app) => [app, platform.pidOf(app)]))).toEqual(apps);
  });

  postgresFaultScenarios(fault, SKU, () => postgres);

  // Last: the registry it leaves may refuse the next `up`.
  it('reports a registry that lost schemas the log was written with, and never lets up hide it', async () => {
    const registry = platform.config.registry.url;
    const subject = 'shopstream.orders-shopstream.orders.OrderPlaced';
    const registryRow = async () => {
      const status = await runCli(['status', '--json'], platform.env);
      const rows = JSON.parse(status.stdout) as { service: string; healthy: boolean; detail: string }[];
      return { code: status.code, row: rows.find((r) => r.service === 'registry') };
    };
    // One subject lost for good: `status` says so.
    expect((await fetch(`${registry}/subjects/${subject}`, { method: 'DELETE' })).ok).toBe(true);
    expect((await fetch(`${registry}/subjects/${subject}?permanent=true`, { method: 'DELETE' })).ok).toBe(
      true,
    );
    const lost = await registryRow();
    expect(lost.code).toBe(1);
    expect(lost.row).toMatchObject({ healthy: false, detail: expect.stringContaining(`${subject}@1`) });

    // The whole storage lost: the registry restarted on an empty database.
    execFileSync('kill', ['-9', String(platform.pidOf('registry'))]);
    await fault.db.query(
      `drop database if exists "${platform.env.SHOPSTREAM_REGISTRY_DATABASE}" with (force)`,
    );
    const again = await runCli(['up'], platform.env);
    process.stdout.write(`registry on empty storage: up ${again.code === 0 ? 'accepted it' : 'refused'}\n`);
    if (again.code !== 0) {
      // Refused, naming what changed.
      expect(`${again.stdout}${again.stderr}`).toMatch(/numbers \d+ schema version\(s\) differently/);
      expect((await registryRow()).row).toMatchObject({ healthy: false });
    } else {
      // Accepted only if every recorded version has its recorded id again: the log still decodes.
      expect((await registryRow()).row).toMatchObject({ healthy: true });
      const codec = createEventCodec(registry);
      let decoded = 0;
      await readTopics({
        brokers: platform.config.kafka.brokers,
        topics: ['shopstream.inventory'],
        fromBeginning: true,
        untilCurrentEnd: true,
        onRecord: async (record) => {
          await codec.decode(record.value);
          decoded++;
        },
      });
      expect(decoded).toBeGreaterThan(0);
    }
  });
});
