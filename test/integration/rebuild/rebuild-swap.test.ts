import { pooledSql as poolExecutor } from '@shopstream/database';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createEventCodec } from '@shopstream/events';
import { deleteTopics, EventProducer } from '@shopstream/kafka';
import {
  ensureCurrentVersion,
  liveInstanceOf,
  listSandboxes,
  ProjectionMetrics,
  ProjectionRunner,
  rebuildProjection,
  RebuildSummary,
  RunProgress,
  verifyProjection,
} from '@shopstream/projections';
import { orderSummaryProjection } from '@shopstream/read-models';
import { checkpointed } from '../../support/checkpoints';
import { checksum } from '../../support/checksum';
import { platformConfig } from '../../support/platform';
import { keepQuerying, openRebuildTest, OrdersTopic } from '../../support/rebuild-fixture';
import { exited } from '../../support/projector-process';
import { uniqueName, waitFor } from '../../support/wait-for';

const config = platformConfig();
const projection = orderSummaryProjection;
const codec = createEventCodec(config.registry.url);

describe('projections rebuild', () => {
  const ns = uniqueName('rb')
    .replace(/[^a-z0-9_]/g, '')
    .slice(0, 20);
  const target = liveInstanceOf(projection, ns);
  const topic = target.topics[0]!;
  const views = `"${target.viewsSchema}"."order_summary"`;
  let dataSource: DataSource;
  let producer: EventProducer;
  let live: ProjectionRunner;
  let orders: OrdersTopic;
  const runners: ProjectionRunner[] = [];
  const caughtUp = async (name: string) => (await checkpointed(dataSource, name)) === orders.produced;
  const runner = (name: string, schema: string) => {
    const r = new ProjectionRunner({
      projection,
      dataSource,
      codec,
      brokers: config.kafka.brokers,
      metrics: new ProjectionMetrics(),
      instance: { name, schema, groupId: `it-${name}`, topics: [topic] },
    });
    runners.push(r);
    return r;
  };

  beforeAll(async () => {
    ({ dataSource, producer, orders } = await openRebuildTest({
      clientId: 'it-rebuild',
      topic,
      description: 'rebuild test',
      codec,
      eventTypes: projection.events,
    }));
    await orders.produce(6_000, `${ns}a`);
    // The live instance, as the projector runs it in a namespace, with its views.
    expect(
      await ensureCurrentVersion(dataSource, projection, { brokers: config.kafka.brokers, namespace: ns }),
    ).toBe(1);
    live = runner(target.name, target.schema);
    await live.start();
    await waitFor(() => caughtUp(target.name), {
      timeoutMs: 240_000,
      intervalMs: 500,
      what: 'live projection to catch up',
    });
  });

  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await producer.disconnect();
    await deleteTopics(config.kafka.brokers, [topic]);
    for (const s of await listSandboxes(poolExecutor(dataSource)))
      if (s.projection === target.name) await dataSource.query(`drop schema "${s.schema}" cascade`);
    for (const schema of [target.schema, target.viewsSchema, `${ns}_clean`])
      await dataSource.query(`drop schema if exists "${schema}" cascade`);
    await dataSource.query('delete from projection_checkpoints where projection like $1', [`%${ns}%`]);
    await dataSource.query('delete from projection_versions where projection = $1', [target.name]);
    await dataSource.destroy();
  });

  it('swaps in while events keep coming, with no failed query, and ends equal to a clean rebuild', async () => {
    const reader = keepQuerying(() =>
      dataSource.query(`select status, count(*) from ${views} group by status`),
    );
    const producing = orders.keepProducing(`${ns}b`);
    const progress: RunProgress[] = [];
    let summary: RebuildSummary;
    try {
      summary = await rebuildProjection({
        projection,
        target,
        dataSource,
        codec,
        brokers: config.kafka.brokers,
        from: { kind: 'earliest' },
        onProgress: (p) => progress.push(p),
      });
    } catch (error) {
      await reader.stop(); // or the loop outlives the test, collecting failures until memory runs out
      throw error;
    } finally {
      await producing.stop();
    }
    const queriesBySwap = reader.state.queries;
    await waitFor(() => caughtUp(target.name), {
      timeoutMs: 120_000,
      intervalMs: 250,
      what: 'live runner to apply every event after the swap',
    });
    await reader.stop();
    const { queries, failures } = reader.state;
    process.stdout.write(
      `rebuild: ${summary.events} events, bulk ${summary.eventsPerSecond} events/s, total ${summary.seconds.toFixed(1)} s, ` +
        `indexes ${summary.indexSeconds.toFixed(2)} s, live paused ${summary.swapPausedMs} ms, ${queries} queries\n`,
    );

    expect(failures).toEqual([]);
    // Read throughout: while the rebuild ran and swapped, and after (how many depends only on the machine's speed).
    expect(queriesBySwap).toBeGreaterThan(0);
    expect(queries).toBeGreaterThan(queriesBySwap);
    expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['building', 'chasing', 'done']));
    expect(progress.at(-1)!.done).toBeGreaterThanOrEqual(progress.at(-1)!.total - 500);
    // The views read the swapped-in tables, under the live name, with their indexes.
    const [view] = await dataSource.query(
      `select count(*)::int as n from pg_views where schemaname = $1 and definition like $2`,
      [target.viewsSchema, `%${target.schema}.order_summary%`],
    );
    expect(view.n).toBe(1);
    const indexes = await dataSource.query('select indexname from pg_indexes where schemaname = $1', [
      target.schema,
    ]);
    expect(indexes.map((i: { indexname: string }) => i.indexname)).toContain('order_summary_status');
    expect(
      (await listSandboxes(poolExecutor(dataSource))).filter((s) => s.projection === target.name),
    ).toEqual([]);

    const clean = runner(`${ns}_clean`, `${ns}_clean`);
    await clean.start();
    await waitFor(() => caughtUp(`${ns}_clean`), {
      timeoutMs: 240_000,
      intervalMs: 500,
      what: 'clean rebuild',
    });
    expect(await checksum(dataSource, views)).toEqual(
      await checksum(dataSource, `"${ns}_clean".order_summary`),
    );
    expect(await checksum(dataSource, views)).toMatch(/^6\d{3}:/);
  });

  it('restarts cleanly after a rebuild is killed with SIGKILL, without touching live', async () => {
    const before = await checksum(dataSource, views);
    const child = spawn(process.execPath, ['-e', childRebuildScript(ns)], {
      env: { ...process.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    const shadow = await waitFor(
      async () => {
        const [s] = (await listSandboxes(poolExecutor(dataSource))).filter(
          (x) => x.projection === target.name,
        );
        return s && (await checkpointed(dataSource, s.instance)) > 0 ? s : undefined;
      },
      {
        timeoutMs: 120_000,
        intervalMs: 100,
        what: `the child's shadow to make progress (${output.join('')})`,
      },
    );
    child.kill('SIGKILL');
    await exited(child);
    expect(await checksum(dataSource, views)).toBe(before);

    const again = await rebuildProjection({
      projection,
      target,
      dataSource,
      codec,
      brokers: config.kafka.brokers,
      from: { kind: 'earliest' },
    });
    expect(again.droppedAbandoned).toEqual([shadow.schema]);
    expect(await checksum(dataSource, views)).toBe(before);
    const [left] = await dataSource.query(
      'select count(*)::int as n from projection_checkpoints where projection = $1',
      [shadow.instance],
    );
    expect(left.n).toBe(0);
  });

  it('verify finds a row changed by hand in the live table, with both sides', async () => {
    const clean = await verifyProjection({
      projection,
      target,
      dataSource,
      codec,
      brokers: config.kafka.brokers,
    });
    expect(clean.equal).toBe(true);

    const [victim] = await dataSource.query(
      `select order_id, status from ${views} order by order_id limit 1`,
    );
    await dataSource.query(
      `update "${target.schema}".order_summary set status = 'TAMPERED' where order_id = $1`,
      [victim.order_id],
    );
    const report = await verifyProjection({
      projection,
      target,
      dataSource,
      codec,
      brokers: config.kafka.brokers,
    });
    expect(report.equal).toBe(false);
    const [table] = report.tables;
    expect(table!.differingRows).toBe(1);
    expect(table!.differences).toEqual([
      {
        key: { order_id: victim.order_id },
        live: expect.objectContaining({ status: 'TAMPERED' }),
        rebuilt: expect.objectContaining({ status: victim.status }),
      },
    ]);
  });
});

/** A rebuild in a separate process (the built code), so the test can kill it the way a crash would. */
function childRebuildScript(ns: string): string {
  const dist = path.join(__dirname, '..', '..', '..', 'dist', 'libs');
  return `
    const { loadConfig } = require(${JSON.stringify(path.join(dist, 'config', 'src'))});
    const { createDataSource } = require(${JSON.stringify(path.join(dist, 'database', 'src'))});
    const { createEventCodec } = require(${JSON.stringify(path.join(dist, 'events', 'src'))});
    const { useKafkaCredentials } = require(${JSON.stringify(path.join(dist, 'kafka', 'src'))});
    const p = require(${JSON.stringify(path.join(dist, 'projections', 'src'))});
    const { orderSummaryProjection } = require(${JSON.stringify(path.join(dist, 'read-models', 'src'))});
    (async () => {
      const config = loadConfig();
      useKafkaCredentials(config.kafka.credentials);
      const dataSource = createDataSource(config.database.url, { poolSize: 4 });
      await dataSource.initialize();
      await p.rebuildProjection({
        projection: orderSummaryProjection,
        target: p.liveInstanceOf(orderSummaryProjection, ${JSON.stringify(ns)}),
        dataSource,
        codec: createEventCodec(config.registry.url),
        brokers: config.kafka.brokers,
        from: { kind: 'earliest' },
        maxBatchEvents: 200,
      });
    })();
  `;
}
