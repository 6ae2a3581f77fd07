import { Writable } from 'node:stream';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { createDataSource, pooledSql } from '@shopstream/database';
import { createEventCodec } from '@shopstream/events';
import {
  applyTopicCatalog,
  deleteRecordsBefore,
  deleteTopics,
  EventProducer,
  fetchPartitionOffsets,
} from '@shopstream/kafka';
import {
  defineProjection,
  ProjectionMetrics,
  projectionStatus,
  ProjectionRunner,
  readCheckpointsNamed,
  writeCheckpoints,
} from '@shopstream/projections';
import { checkpointed } from '../support/checkpoints';
import { stockReceived } from '../support/event-builders';
import { platformConfig } from '../support/platform';
import { uniqueName, waitFor } from '../support/wait-for';

const config = platformConfig();
const codec = createEventCodec(config.registry.url);

/** Events applied per sku. */
const skuEvents = defineProjection({
  name: 'sku_events',
  version: 1,
  description: 'events per sku (log gap test)',
  events: ['shopstream.inventory.StockReceived'],
  writeOnly: true,
  tables: [
    { name: 'sku_events', ddl: 'create table sku_events (sku text primary key, events int not null)' },
  ],
  async apply(batch, sql) {
    for (const { event } of batch)
      await sql.query(
        `insert into sku_events values ($1, 1) on conflict (sku) do update set events = sku_events.events + 1`,
        [event.sku],
      );
  },
});

/** A logger writing its JSON lines into an array, as the projector's logger writes them to stderr. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ base: { component: 'it-log-gap' } }, stream), lines };
}

/**
 * Retention (or a recreated topic) can leave a partition whose log starts above a lane's checkpoint. The lane must
 * not skip the missing events nor seek without a word: it says so in its log, in a metric and in the projection's
 * status, and follows the checkpoint the operator moves (the way out docs/operations.md gives).
 */
describe('a lane whose checkpoint the log no longer holds', () => {
  let dataSource: DataSource;
  let runner: ProjectionRunner | undefined;
  const name = uniqueName('gap');
  const topic = `it.gap.${name}`.replace(/_/g, '-');
  const producer = new EventProducer({ brokers: config.kafka.brokers, clientId: 'it-log-gap' });

  beforeAll(async () => {
    dataSource = createDataSource(config.database.url, { poolSize: 3 });
    await dataSource.initialize();
    await producer.connect();
    await applyTopicCatalog(config.kafka.brokers, [
      {
        name: topic,
        description: 'log gap test',
        key: 'sku',
        partitions: 1,
        replicationFactor: 1,
        minInsyncReplicas: 1,
        config: {},
      },
    ]);
  });

  afterAll(async () => {
    await runner?.stop();
    await producer.disconnect();
    await deleteTopics(config.kafka.brokers, [topic]);
    await dataSource.query(`drop schema if exists "${name}" cascade`);
    await dataSource.query('delete from projection_checkpoints where projection = $1', [name]);
    await dataSource.query('delete from projection_dead_letters where projection = $1', [name]);
    await dataSource.destroy();
  });

  const status = async () => {
    const checkpoints = await readCheckpointsNamed(pooledSql(dataSource), name);
    return projectionStatus({
      projection: name,
      version: skuEvents.version,
      checkpoints: checkpoints.map((c) => ({
        ...c,
        nextOffset: c.nextOffset.toString(),
        updatedAt: new Date(),
      })),
      logEnds: await fetchPartitionOffsets(config.kafka.brokers, [topic]),
      deadLetters: 0,
      now: new Date(),
      stallAfterMs: 60_000,
    });
  };
  const gapMetric = async (metrics: ProjectionMetrics) =>
    (await metrics.registry.getMetricsAsJSON())
      .find((m) => m.name === 'shopstream_projection_log_gap_events')
      ?.values.find((v) => v.labels.topic === topic)?.value;
  const applied = async () =>
    dataSource.query<{ sku: string; events: number }[]>(`select sku, events from "${name}".sku_events`);

  it('reports the gap in its log, a metric and the status, applies nothing, and follows a moved checkpoint', async () => {
    // Offsets 0-4 of sku A; the lane stands at 1, and the log is made to start at 3.
    await producer.send(
      await Promise.all(
        Array.from({ length: 5 }, async () => ({
          topic,
          key: 'A',
          value: await codec.encode(stockReceived('A', 1)),
        })),
      ),
    );
    await deleteRecordsBefore(config.kafka.brokers, topic, 0, 3n);
    await writeCheckpoints(pooledSql(dataSource), { name, version: skuEvents.version }, [
      { topic, partition: 0, nextOffset: 1n },
    ]);

    const { logger, lines } = capturedLogger();
    const metrics = new ProjectionMetrics();
    runner = new ProjectionRunner({
      projection: skuEvents,
      dataSource,
      codec,
      brokers: config.kafka.brokers,
      metrics,
      logger,
      instance: { name, schema: name, groupId: `it-gap-${name}`, topics: [topic] },
    });
    await runner.start();

    const reported = await waitFor(() => lines.find((l) => l.code === 'PROJECTION_LOG_GAP'), {
      timeoutMs: 30_000,
      what: 'a PROJECTION_LOG_GAP line in the lane log',
    });
    expect(reported).toMatchObject({ topic, partition: 0, offset: '1', level: 40 });
    expect(reported.msg).toMatch(/starts at 3, above the checkpoint 1: 2 events/);
    expect(await gapMetric(metrics)).toBe(2);
    expect(await status()).toMatchObject({ state: 'LOG_GAP', partitions: [{ gap: 2, checkpoint: '1' }] });
    // It waits at the gap: the events after it are not applied and the checkpoint stays.
    expect(await applied()).toEqual([]);
    expect(await checkpointed(dataSource, name)).toBe(1);
    expect(lines.filter((l) => l.code === 'PROJECTION_LOG_GAP')).toHaveLength(1);

    // The way out for a partition whose missing events were put right: its checkpoint moved to the log's start.
    await dataSource.query(
      'update projection_checkpoints set next_offset = 3 where projection = $1 and version = $2 and topic = $3 and partition = 0',
      [name, skuEvents.version, topic],
    );
    await waitFor(async () => (await checkpointed(dataSource, name)) === 5, {
      timeoutMs: 30_000,
      what: 'offsets 3 and 4 applied after the checkpoint moved to the log start',
    });
    expect(await applied()).toEqual([{ sku: 'A', events: 2 }]);
    await waitFor(async () => (await gapMetric(metrics)) === 0, { what: 'the gap metric back to 0' });
    expect((await status()).state).toBe('CAUGHT_UP');
  }, 90_000);
});
