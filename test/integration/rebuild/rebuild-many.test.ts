import { pooledSql as poolExecutor } from '@shopstream/database';
import { DataSource } from 'typeorm';
import { createEventCodec } from '@shopstream/events';
import { deleteTopics, EventProducer } from '@shopstream/kafka';
import {
  ensureCurrentVersion,
  liveInstanceOf,
  listSandboxes,
  Projection,
  ProjectionMetrics,
  ProjectionRunner,
  rebuildProjections,
  RebuildSummary,
  RunProgress,
  topicsOf,
} from '@shopstream/projections';
import { orderLinesProjection, orderSummaryProjection } from '@shopstream/read-models';
import { checkpointed } from '../../support/checkpoints';
import { checksum } from '../../support/checksum';
import { platformConfig } from '../../support/platform';
import { keepQuerying, openRebuildTest, OrdersTopic } from '../../support/rebuild-fixture';
import { uniqueName, waitFor } from '../../support/wait-for';

const config = platformConfig();
const codec = createEventCodec(config.registry.url);

describe('projections rebuild of several at once', () => {
  const ns = uniqueName('rbm')
    .replace(/[^a-z0-9_]/g, '')
    .slice(0, 20);
  // Both read only the orders topic, so one namespaced topic feeds the live runner and the shadow runner.
  const members = [
    { projection: orderSummaryProjection, table: 'order_summary', clean: `${ns}_clean_summary` },
    { projection: orderLinesProjection, table: 'order_lines', clean: `${ns}_clean_lines` },
  ].map((m) => ({ ...m, target: liveInstanceOf(m.projection, ns) }));
  const [summaryMember, linesMember] = members as [(typeof members)[0], (typeof members)[0]];
  const topic = summaryMember.target.topics[0]!;
  const viewOf = (m: (typeof members)[0]) => `"${m.target.viewsSchema}"."${m.table}"`;
  let dataSource: DataSource;
  let producer: EventProducer;
  let orders: OrdersTopic;
  const runners: ProjectionRunner[] = [];

  const allCheckpointed = async (names: readonly string[]) =>
    (await Promise.all(names.map((n) => checkpointed(dataSource, n)))).every((n) => n === orders.produced);
  const liveNames = members.map((m) => m.target.name);
  const runner = (
    projection: Projection,
    instance: { name: string; schema: string },
    alongside: { projection: Projection; instance: { name: string; schema: string } }[] = [],
  ) => {
    const groupId = `it-${instance.name}`;
    const lane = (i: { name: string; schema: string }) => ({ ...i, groupId, topics: [topic] });
    const r = new ProjectionRunner({
      projection,
      dataSource,
      codec,
      brokers: config.kafka.brokers,
      metrics: new ProjectionMetrics(),
      instance: lane(instance),
      alongside: alongside.map((a) => ({ projection: a.projection, instance: lane(a.instance) })),
      groupId,
    });
    runners.push(r);
    return r;
  };

  beforeAll(async () => {
    for (const { projection } of members) expect(topicsOf(projection)).toEqual(['shopstream.orders']);
    ({ dataSource, producer, orders } = await openRebuildTest({
      clientId: 'it-rebuild-many',
      topic,
      description: 'rebuild of several projections test',
      codec,
      eventTypes: members.flatMap((m) => m.projection.events),
    }));
    await orders.produce(3_000, `${ns}a`);
    for (const { projection } of members)
      expect(
        await ensureCurrentVersion(dataSource, projection, { brokers: config.kafka.brokers, namespace: ns }),
      ).toBe(1);
    // One live runner for both, as the projector runs a set of read models: one consumer, a lane each.
    await runner(
      summaryMember.projection,
      { name: summaryMember.target.name, schema: summaryMember.target.schema },
      [
        {
          projection: linesMember.projection,
          instance: { name: linesMember.target.name, schema: linesMember.target.schema },
        },
      ],
    ).start();
    await waitFor(() => allCheckpointed(liveNames), {
      timeoutMs: 120_000,
      intervalMs: 250,
      what: 'both live projections to catch up',
    });
  });

  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await producer?.disconnect();
    await deleteTopics(config.kafka.brokers, [topic]);
    for (const s of await listSandboxes(poolExecutor(dataSource)))
      if (liveNames.includes(s.projection)) {
        await dataSource.query(`drop schema "${s.schema}" cascade`);
        await dataSource.query('delete from projection_checkpoints where projection = $1', [s.instance]);
      }
    for (const schema of [
      ...members.flatMap((m) => [m.target.schema, `${m.target.schema}_retired`, m.clean]),
      summaryMember.target.viewsSchema,
    ])
      await dataSource.query(`drop schema if exists "${schema}" cascade`);
    await dataSource.query('delete from projection_checkpoints where projection like $1', [`%${ns}%`]);
    await dataSource.query('delete from projection_dead_letters where projection like $1', [`%${ns}%`]);
    await dataSource.query('delete from projection_versions where projection = any($1)', [liveNames]);
    await dataSource.destroy();
  });

  it('rebuilds both on one shadow runner and swaps them in together while events and queries keep coming', async () => {
    const reader = keepQuerying(async () => {
      await dataSource.query(`select status, count(*) from ${viewOf(summaryMember)} group by status`);
      await dataSource.query(`select sku, sum(quantity) from ${viewOf(linesMember)} group by sku`);
    });
    const producing = orders.keepProducing(`${ns}b`);
    const progress: RunProgress[] = [];
    let summaries: RebuildSummary[];
    // The loops end whatever happens: a query loop left running past afterAll spins on errors until out of memory.
    try {
      try {
        summaries = await rebuildProjections({
          members: members.map(({ projection, target }) => ({ projection, target })),
          dataSource,
          codec,
          brokers: config.kafka.brokers,
          from: { kind: 'earliest' },
          onProgress: (p) => progress.push(p),
        });
      } finally {
        await producing.stop();
      }
      await waitFor(() => allCheckpointed(liveNames), {
        timeoutMs: 60_000,
        intervalMs: 250,
        what: 'the live runner to apply every event after the swap',
      });
    } finally {
      await reader.stop();
    }
    const { queries, failures } = reader.state;
    process.stdout.write(
      `rebuild of ${summaries.length}: ${summaries.map((s) => `${s.projection} ${s.events} events`).join(', ')}; ` +
        `total ${summaries[0]!.seconds.toFixed(1)} s, live paused ${summaries[0]!.swapPausedMs} ms, ${queries * 2} queries\n`,
    );

    expect(summaries.map((s) => s.projection)).toEqual(liveNames);
    expect(summaries.map((s) => s.liveSchema)).toEqual(members.map((m) => m.target.schema));
    // One swap for both: the same pause, measured once.
    expect(summaries[1]!.swapPausedMs).toBe(summaries[0]!.swapPausedMs);
    expect(failures).toEqual([]);
    expect(queries * 2).toBeGreaterThan(50);
    expect(new Set(progress.map((p) => p.run)).size).toBe(2);
    expect(
      (await listSandboxes(poolExecutor(dataSource))).filter((s) => liveNames.includes(s.projection)),
    ).toEqual([]);

    // The live runner (both lanes) follows the swapped-in checkpoints and keeps applying.
    await orders.produce(30, `${ns}c`);
    await waitFor(() => allCheckpointed(liveNames), {
      timeoutMs: 60_000,
      intervalMs: 250,
      what: 'the live runner to apply a round produced after the swap',
    });

    for (const m of members) runner(m.projection, { name: m.clean, schema: m.clean });
    await Promise.all(runners.slice(-members.length).map((r) => r.start()));
    await waitFor(() => allCheckpointed(members.map((m) => m.clean)), {
      timeoutMs: 120_000,
      intervalMs: 250,
      what: 'clean single-projection runners',
    });
    for (const m of members)
      expect({ table: m.table, sum: await checksum(dataSource, viewOf(m)) }).toEqual({
        table: m.table,
        sum: await checksum(dataSource, `"${m.clean}"."${m.table}"`),
      });
    // Every order of the history, the rounds during the rebuild and the last one, not an empty table compared.
    const summaryRows = Number((await checksum(dataSource, viewOf(summaryMember))).split(':')[0]);
    expect(summaryRows).toBeGreaterThanOrEqual(3_000 + 5 * 20 + 30);
  });
});
