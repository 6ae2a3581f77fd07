import { DataSource } from 'typeorm';
import { createDataSource } from '@shopstream/database';
import { createEventCodec, ORDERS_EVENT_TYPES, ShopstreamEvent } from '@shopstream/events';
import { applyTopicCatalog, deleteTopics, EventProducer } from '@shopstream/kafka';
import {
  currentRunMode,
  defineProjection,
  dropReplay,
  liveInstanceOf,
  listReplays,
  ProjectionMetrics,
  ProjectionRunner,
  rebuildProjection,
  replayProjection,
} from '@shopstream/projections';
import { orderSummaryProjection } from '@shopstream/read-models';
import { keyOf, orderFlowHistory } from '@shopstream/simulation';
import { platformConfig } from '../../support/platform';
import { uniqueName, waitFor } from '../../support/wait-for';

const config = platformConfig();
const codec = createEventCodec(config.registry.url);

/** Counts the events it applies per run mode: what a projection with side effects would check before firing. */
const modeProbe = defineProjection({
  name: 'mode_probe',
  version: 1,
  description: 'test: run modes seen by apply',
  events: ORDERS_EVENT_TYPES,
  tables: [
    { name: 'mode_probe', ddl: 'create table mode_probe (mode text primary key, events int not null)' },
  ],
  async apply(batch, sql) {
    await sql.query(
      `insert into mode_probe (mode, events) values ($1, $2)
       on conflict (mode) do update set events = mode_probe.events + excluded.events`,
      [await currentRunMode(sql), batch.length],
    );
  },
});

describe('replay --until and run modes', () => {
  const ns = uniqueName('rp')
    .replace(/[^a-z0-9_]/g, '')
    .slice(0, 20);
  const target = liveInstanceOf(orderSummaryProjection, ns);
  const topic = target.topics[0]!;
  const into = `${ns}_sandbox`;
  let dataSource: DataSource;
  let events: ShopstreamEvent[] = [];
  const runners: ProjectionRunner[] = [];

  beforeAll(async () => {
    dataSource = createDataSource(config.database.url, { poolSize: 8 });
    await dataSource.initialize();
    await applyTopicCatalog(config.kafka.brokers, [
      {
        name: topic,
        description: 'replay test',
        key: 'orderId',
        partitions: 3,
        replicationFactor: 1,
        minInsyncReplicas: 1,
        config: {},
      },
    ]);
    const wanted = new Set<string>(ORDERS_EVENT_TYPES);
    events = orderFlowHistory({ orders: 500, seed: 5, prefix: ns }).filter((e) => wanted.has(e.type));
    const producer = new EventProducer({ brokers: config.kafka.brokers, clientId: 'it-replay' });
    await producer.connect();
    const records = await Promise.all(
      events.map(async (event) => ({ topic, key: keyOf(event), value: await codec.encode(event) })),
    );
    await producer.send(records);
    await producer.disconnect();
  });

  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await deleteTopics(config.kafka.brokers, [topic]);
    const probe = liveInstanceOf(modeProbe, ns);
    for (const schema of [into, `${into}_probe`, probe.schema, probe.viewsSchema])
      await dataSource.query(`drop schema if exists "${schema}" cascade`);
    await dataSource.query('delete from projection_checkpoints where projection like $1', [`%${ns}%`]);
    await dataSource.query('delete from projection_versions where projection = $1', [probe.name]);
    await dataSource.destroy();
  });

  it('gives the state as of --until, the same as folding the events up to then', async () => {
    const occurred = (e: ShopstreamEvent) => ('metadata' in e ? e.metadata.occurredAt : 0);
    const until = new Date(occurred(events[Math.floor(events.length * 0.6)]!));
    const summary = await replayProjection({
      projection: orderSummaryProjection,
      target,
      dataSource,
      codec,
      brokers: config.kafka.brokers,
      into,
      until,
      from: { kind: 'earliest' },
    });

    // Independent fold: the status after the last orders event of each order that occurred by `until`.
    const statusOf: Record<string, string> = {
      'shopstream.orders.OrderPlaced': 'PLACED',
      'shopstream.orders.OrderConfirmed': 'CONFIRMED',
      'shopstream.orders.OrderRejected': 'REJECTED',
      'shopstream.orders.OrderPaid': 'PAID',
      'shopstream.orders.OrderShipped': 'SHIPPED',
      'shopstream.orders.OrderDelivered': 'DELIVERED',
      'shopstream.orders.OrderCancelled': 'CANCELLED',
      'shopstream.orders.OrderRefunded': 'REFUNDED',
    };
    const orders = new Map<string, string>();
    for (const e of events)
      if (occurred(e) <= until.getTime() && 'orderId' in e)
        orders.set(e.orderId as string, statusOf[e.type]!);
    const expected: Record<string, number> = {};
    for (const status of orders.values()) expected[status] = (expected[status] ?? 0) + 1;

    const rows: { status: string; n: number }[] = await dataSource.query(
      `select status, count(*)::int as n from "${into}".order_summary group by status`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.status, r.n]))).toEqual(expected);
    expect(orders.size).toBeLessThan(500);
    expect(summary.tables).toEqual([{ table: 'order_summary', rows: orders.size }]);
    // Live was never created by a replay.
    const [live] = await dataSource.query('select count(*)::int as n from pg_namespace where nspname = $1', [
      target.schema,
    ]);
    expect(live.n).toBe(0);

    expect((await listReplays(dataSource)).find((s) => s.schema === into)).toMatchObject({
      status: 'complete',
      until: until.toISOString(),
    });
    await expect(dropReplay(dataSource, 'public')).rejects.toThrow(/not a replay sandbox/);
    await dropReplay(dataSource, into);
    expect((await listReplays(dataSource)).find((s) => s.schema === into)).toBeUndefined();
  });

  it('tells apply it runs in replay or rebuild mode, so side effects only fire live', async () => {
    const probe = liveInstanceOf(modeProbe, ns);
    const live = new ProjectionRunner({
      projection: modeProbe,
      dataSource,
      codec,
      brokers: config.kafka.brokers,
      metrics: new ProjectionMetrics(),
      instance: { name: probe.name, schema: probe.schema, groupId: `it-${probe.name}`, topics: probe.topics },
    });
    runners.push(live);
    await live.start();
    const modes = async (schema: string) =>
      Object.fromEntries(
        (await dataSource.query(`select mode, events from "${schema}".mode_probe`)).map(
          (r: { mode: string; events: number }) => [r.mode, r.events],
        ),
      );
    await waitFor(async () => (await modes(probe.schema)).live === events.length, {
      timeoutMs: 60_000,
      what: 'live probe',
    });

    await replayProjection({
      projection: modeProbe,
      target: probe,
      dataSource,
      codec,
      brokers: config.kafka.brokers,
      into: `${into}_probe`,
      until: new Date(Date.UTC(2100, 0, 1)),
      from: { kind: 'earliest' },
    });
    expect(await modes(`${into}_probe`)).toEqual({ replay: events.length });

    await rebuildProjection({
      projection: modeProbe,
      target: probe,
      dataSource,
      codec,
      brokers: config.kafka.brokers,
      from: { kind: 'earliest' },
    });
    expect(await modes(probe.schema)).toEqual({ rebuild: events.length });
  });
});
