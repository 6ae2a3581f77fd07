import { DataSource } from 'typeorm';
import { createDataSource } from '@shopstream/database';
import { createEventCodec } from '@shopstream/events';
import { applyTopicCatalog, deleteTopics, EventProducer } from '@shopstream/kafka';
import { ProjectionMetrics, ProjectionRunner, topicsOf } from '@shopstream/projections';
import { READ_MODELS } from '@shopstream/read-models';
import { keyOf, orderFlowHistory, seededRandom } from '@shopstream/simulation';
import { checksum } from '../support/checksum';
import { platformConfig } from '../support/platform';
import { exited, startProjector } from '../support/projector-process';
import { uniqueName, waitFor } from '../support/wait-for';

const config = platformConfig();
const SELECTED = [
  'order_summary',
  'order_timeline',
  'customer_orders',
  'stock_levels',
  'sales_by_day',
  'behaviour_funnel_daily',
];
const projections = READ_MODELS.filter((p) => SELECTED.includes(p.name));

/** md5 of every row of every table of a projection instance, in a stable order: equal checksums, equal tables. */
async function checksums(
  dataSource: DataSource,
  schemaOf: (name: string) => string,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const p of projections) {
    for (const t of p.tables) {
      out[`${p.name}.${t.name}`] = await checksum(dataSource, `"${schemaOf(p.name)}"."${t.name}"`);
    }
  }
  return out;
}

describe('projector killed with SIGKILL at random points', () => {
  const ns = uniqueName('crash')
    .replace(/[^a-z0-9_]/g, '')
    .slice(0, 24);
  let dataSource: DataSource;
  const topics = [...new Set(projections.flatMap(topicsOf))].map((t) => `${t}.${ns}`);
  const cleanRunners: ProjectionRunner[] = [];

  beforeAll(async () => {
    dataSource = createDataSource(config.database.url);
    await dataSource.initialize();
    await applyTopicCatalog(
      config.kafka.brokers,
      topics.map((name) => ({
        name,
        description: 'crash test',
        key: 'id',
        partitions: 4,
        replicationFactor: 1,
        minInsyncReplicas: 1,
        config: {},
      })),
    );
  });

  afterAll(async () => {
    await Promise.all(cleanRunners.map((r) => r.stop()));
    await deleteTopics(config.kafka.brokers, topics);
    for (const p of projections) {
      for (const instance of [`${ns}_${p.name}`, `${ns}_clean_${p.name}`]) {
        await dataSource.query(`drop schema if exists "${instance}_v${p.version}" cascade`);
        await dataSource.query(`drop schema if exists "${instance}" cascade`);
        await dataSource.query('delete from projection_checkpoints where projection = $1', [instance]);
        await dataSource.query('delete from projection_dead_letters where projection = $1', [instance]);
      }
    }
    await dataSource.destroy();
  });

  it('ends with the same read models, by checksum, as one clean pass', async () => {
    const codec = createEventCodec(config.registry.url);
    const history = orderFlowHistory({ orders: 1_500, seed: 7, prefix: ns });
    const producer = new EventProducer({ brokers: config.kafka.brokers, clientId: 'it-crash' });
    await producer.connect();
    const records = await Promise.all(
      history.map(async (event) => ({
        topic: `${codec.topicOf(event)}.${ns}`,
        key: keyOf(event),
        value: await codec.encode(event),
      })),
    );
    for (let i = 0; i < records.length; i += 2_000) await producer.send(records.slice(i, i + 2_000));
    await producer.disconnect();
    const totalOffsets = async (prefix: string) => {
      const [row] = await dataSource.query(
        `select coalesce(sum(next_offset), 0)::int as n from projection_checkpoints where projection like $1`,
        [`${prefix}%`],
      );
      return row.n as number;
    };
    const expectedOffsets = projections.reduce((sum, p) => {
      const own = new Set(topicsOf(p).map((t) => `${t}.${ns}`));
      return sum + records.filter((r) => own.has(r.topic)).length;
    }, 0);

    const random = seededRandom(99);
    const env = {
      SHOPSTREAM_PROJECTOR_NAMESPACE: ns,
      SHOPSTREAM_PROJECTOR_ONLY: SELECTED.join(','),
      SHOPSTREAM_PROJECTOR_METRICS_PORT: String(19_300 + Math.floor(random() * 500)),
    };
    let kills = 0;
    for (let round = 0; round < 4; round++) {
      const child = startProjector(env);
      // Kill after it has applied something, at a random moment while it still has work.
      const before = await totalOffsets(`${ns}_`);
      await waitFor(async () => (await totalOffsets(`${ns}_`)) > before || child.exitCode !== null, {
        timeoutMs: 60_000,
        what: 'progress',
      });
      await new Promise((r) => setTimeout(r, 30 + random() * 150));
      child.kill('SIGKILL');
      await exited(child);
      kills++;
      if ((await totalOffsets(`${ns}_`)) >= expectedOffsets) break;
    }
    expect(kills).toBeGreaterThanOrEqual(2);
    const last = startProjector(env);
    try {
      await waitFor(async () => (await totalOffsets(`${ns}_`)) === expectedOffsets, {
        timeoutMs: 180_000,
        intervalMs: 500,
        what: `crash-run checkpoints to reach ${expectedOffsets}`,
      });
    } finally {
      last.kill('SIGTERM');
      await exited(last);
    }

    // The clean pass: the same projections over the same topics, run once without interruption.
    for (const projection of projections) {
      const runner = new ProjectionRunner({
        projection,
        dataSource,
        codec,
        brokers: config.kafka.brokers,
        metrics: new ProjectionMetrics(),
        instance: {
          name: `${ns}_clean_${projection.name}`,
          schema: `${ns}_clean_${projection.name}`,
          groupId: `it-crash-clean-${ns}-${projection.name}`,
          topics: topicsOf(projection).map((t) => `${t}.${ns}`),
        },
      });
      cleanRunners.push(runner);
      await runner.start();
    }
    await waitFor(async () => (await totalOffsets(`${ns}_clean_`)) === expectedOffsets, {
      timeoutMs: 180_000,
      intervalMs: 500,
      what: 'clean-pass checkpoints',
    });

    const crashed = await checksums(dataSource, (name) => `${ns}_${name}_v1`);
    const clean = await checksums(dataSource, (name) => `${ns}_clean_${name}`);
    expect(crashed).toEqual(clean);
    expect(crashed['order_summary.order_summary']).toMatch(/^1500:/);
    const [parked] = await dataSource.query(
      `select count(*)::int as n from projection_dead_letters where projection like $1`,
      [`${ns}_%`],
    );
    expect(parked.n).toBe(0);
  });
});
