import { DataSource } from 'typeorm';
import { createDataSource, inTransaction, SqlExecutor } from '@shopstream/database';
import { createEventCodec, InventoryEvent } from '@shopstream/events';
import { applyTopicCatalog, deleteTopics, EventProducer } from '@shopstream/kafka';
import {
  defineProjection,
  listDeadLetters,
  park,
  ProjectionMetrics,
  ProjectionRunner,
} from '@shopstream/projections';
import { checkpointed } from '../support/checkpoints';
import { stockReceived } from '../support/event-builders';
import { platformConfig } from '../support/platform';
import { uniqueName, waitFor } from '../support/wait-for';

const config = platformConfig();
const codec = createEventCodec(config.registry.url);

/** Events applied per sku: a row for a key says its event was applied, not parked. */
const skuCounts = defineProjection({
  name: 'sku_counts',
  version: 1,
  description: 'events per sku (lane tests)',
  events: ['shopstream.inventory.StockReceived'],
  writeOnly: true,
  tables: [
    { name: 'sku_counts', ddl: 'create table sku_counts (sku text primary key, events int not null)' },
  ],
  async apply(batch, sql) {
    const counts = new Map<string, number>();
    for (const { event } of batch) counts.set(event.sku, (counts.get(event.sku) ?? 0) + 1);
    await sql.query(
      `insert into sku_counts select * from unnest($1::text[], $2::int[])
       on conflict (sku) do update set events = sku_counts.events + excluded.events`,
      [[...counts.keys()], [...counts.values()]],
    );
  },
});

/**
 * A lane remembers which partitions have nothing parked, to spare a query per batch. Another process may park in
 * such a partition all the same: the previous owner of the partition finishing its batch during a rebalance, or a
 * rebuild's swap taking over the shadow's dead letters. A later event of a key parked that way must wait behind it.
 */
describe('a lane and events parked by another process', () => {
  let dataSource: DataSource;
  let sql: SqlExecutor;
  const producer = new EventProducer({ brokers: config.kafka.brokers, clientId: 'it-lane-parked' });
  const topics: string[] = [];
  const instances: string[] = [];
  const runners: ProjectionRunner[] = [];

  beforeAll(async () => {
    dataSource = createDataSource(config.database.url);
    await dataSource.initialize();
    sql = { query: (text, params) => dataSource.query(text, params ? [...params] : undefined) };
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await producer.disconnect();
    await deleteTopics(config.kafka.brokers, topics);
    for (const name of instances) {
      await dataSource.query(`drop schema if exists "${name}" cascade`);
      await dataSource.query('delete from projection_checkpoints where projection = $1', [name]);
      await dataSource.query('delete from projection_dead_letters where projection = $1', [name]);
    }
    await dataSource.destroy();
  });

  /** A runner at the head of a one-partition topic, after two applied events of sku A: its lane knows "none parked". */
  async function warmLane() {
    const name = uniqueName('lane');
    const topic = `it.lane.${name}`.replace(/_/g, '-');
    topics.push(topic);
    instances.push(name);
    await applyTopicCatalog(config.kafka.brokers, [
      {
        name: topic,
        description: 't',
        key: 'sku',
        partitions: 1,
        replicationFactor: 1,
        minInsyncReplicas: 1,
        config: {},
      },
    ]);
    const runner = new ProjectionRunner({
      projection: skuCounts,
      dataSource,
      codec,
      brokers: config.kafka.brokers,
      metrics: new ProjectionMetrics(),
      instance: { name, schema: name, groupId: `it-lane-${name}`, topics: [topic] },
    });
    runners.push(runner);
    const send = async (events: readonly InventoryEvent[]) =>
      producer.send(
        await Promise.all(events.map(async (e) => ({ topic, key: e.sku, value: await codec.encode(e) }))),
      );
    await runner.start();
    for (const [i, event] of [stockReceived('A', 1), stockReceived('A', 1)].entries()) {
      await send([event]);
      await waitFor(async () => (await checkpointed(dataSource, name)) === i + 1, {
        what: `offset ${i} applied`,
      });
    }
    const parkElsewhere = (offset: number, movedTo?: number) =>
      inTransaction(dataSource, async (tx) => {
        await park(tx, name, 1, [
          {
            topic,
            partition: 0,
            offset: String(offset),
            key: 'K',
            value: await codec.encode(stockReceived('K', 1)),
            errorCode: 'PROJECTION_INVARIANT',
            message: 'parked by another process',
          },
        ]);
        if (movedTo !== undefined)
          await tx.query('update projection_checkpoints set next_offset = $2 where projection = $1', [
            name,
            movedTo,
          ]);
      });
    const skus = async () =>
      (await dataSource.query<{ sku: string }[]>(`select sku from "${name}".sku_counts order by sku`)).map(
        (r) => r.sku,
      );
    const parked = async () =>
      (await listDeadLetters(sql, { projection: name })).map((d) => [d.key, d.offset, d.errorCode]);
    return { name, send, parkElsewhere, skus, parked };
  }

  it('parks a later event of a key that the previous owner parked while the checkpoint moved under the lane', async () => {
    const t = await warmLane();
    // The previous owner parked K at offset 2 and moved the checkpoint past it before letting go of the partition.
    await t.parkElsewhere(2, 3);
    await t.send([stockReceived('K', 1), stockReceived('K', 1)]);
    await waitFor(async () => (await checkpointed(dataSource, t.name)) === 4, { what: 'offset 3 passed' });
    expect(await t.skus()).toEqual(['A']);
    expect(await t.parked()).toEqual([
      ['K', '2', 'PROJECTION_INVARIANT'],
      ['K', '3', 'PARKED_BEHIND_KEY'],
    ]);
  });

  it('parks a later event of a key whose dead letter a swap brought in without moving the checkpoint', async () => {
    const t = await warmLane();
    // A rebuild's shadow parked the event at offset 1 that live had applied; the swap took over its dead letters
    // and its positions, which were live's own.
    await t.parkElsewhere(1);
    await t.send([stockReceived('K', 1)]);
    await waitFor(async () => (await checkpointed(dataSource, t.name)) === 3, { what: 'offset 2 passed' });
    expect(await t.skus()).toEqual(['A']);
    expect(await t.parked()).toEqual([
      ['K', '1', 'PROJECTION_INVARIANT'],
      ['K', '2', 'PARKED_BEHIND_KEY'],
    ]);
  });
});
