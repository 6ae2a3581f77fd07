import { DataSource } from 'typeorm';
import { createDataSource } from '@shopstream/database';
import { createEventCodec, frame, InventoryEvent } from '@shopstream/events';
import { applyTopicCatalog, deleteTopics, EventProducer, OutgoingRecord } from '@shopstream/kafka';
import {
  defineProjection,
  discardDeadLetters,
  listDeadLetters,
  ProjectionInvariantError,
  ProjectionMetrics,
  ProjectionRunner,
  redriveDeadLetters,
} from '@shopstream/projections';
import { checkpointed } from '../support/checkpoints';
import { committedOffsets } from '../support/committed-offsets';
import { stockReceived } from '../support/event-builders';
import { platformConfig } from '../support/platform';
import { uniqueName, waitFor } from '../support/wait-for';

const config = platformConfig();
const codec = createEventCodec(config.registry.url);

/**
 * A projection small enough to check by hand: units received per sku; refuses sku POISON while `broken`. Write-only,
 * so at the head of the log its transactions go out whole, in one round trip.
 */
let broken = true;
const unitTotals = defineProjection({
  name: 'unit_totals',
  version: 1,
  description: 'units received per sku (engine tests)',
  events: ['shopstream.inventory.StockReceived'],
  writeOnly: true,
  tables: [
    {
      name: 'unit_totals',
      ddl: 'create table unit_totals (sku text primary key, units bigint not null, events int not null)',
    },
  ],
  async apply(batch, sql) {
    const poison = broken ? batch.find((e) => e.event.sku === 'POISON') : undefined;
    if (poison) throw new ProjectionInvariantError('sku POISON is refused', poison.event.metadata.eventId);
    const totals = new Map<string, { units: number; events: number }>();
    for (const { event } of batch) {
      const t = totals.get(event.sku) ?? { units: 0, events: 0 };
      totals.set(event.sku, { units: t.units + event.quantity, events: t.events + 1 });
    }
    await sql.query(
      `insert into unit_totals select * from unnest($1::text[], $2::bigint[], $3::int[])
       on conflict (sku) do update set units = unit_totals.units + excluded.units, events = unit_totals.events + excluded.events`,
      [
        [...totals.keys()],
        [...totals.values()].map((t) => t.units),
        [...totals.values()].map((t) => t.events),
      ],
    );
  },
});

/** Events per sku, refusing nothing: a second projection over the same topic as unit_totals. */
const skuEvents = defineProjection({
  name: 'sku_events',
  version: 1,
  description: 'events per sku (engine tests)',
  events: ['shopstream.inventory.StockReceived'],
  tables: [
    { name: 'sku_events', ddl: 'create table sku_events (sku text primary key, events int not null)' },
  ],
  async apply(batch, sql) {
    const counts = new Map<string, number>();
    for (const { event } of batch) counts.set(event.sku, (counts.get(event.sku) ?? 0) + 1);
    await sql.query(
      `insert into sku_events select * from unnest($1::text[], $2::int[])
       on conflict (sku) do update set events = sku_events.events + excluded.events`,
      [[...counts.keys()], [...counts.values()]],
    );
  },
});

describe('projection engine against Kafka and PostgreSQL', () => {
  let dataSource: DataSource;
  const producer = new EventProducer({ brokers: config.kafka.brokers, clientId: 'it-engine' });
  const topics: string[] = [];
  const instances: string[] = [];
  const runners: ProjectionRunner[] = [];

  beforeAll(async () => {
    dataSource = createDataSource(config.database.url);
    await dataSource.initialize();
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await producer.disconnect();
    await deleteTopics(config.kafka.brokers, topics);
    for (const name of instances) {
      await dataSource.query(`drop schema if exists "${name}_unit_totals" cascade`);
      await dataSource.query(`drop schema if exists "${name}_sku_events" cascade`);
      await dataSource.query('delete from projection_checkpoints where projection = $1', [`${name}_b`]);
      await dataSource.query('delete from projection_dead_letters where projection = $1', [`${name}_b`]);
      await dataSource.query('delete from projection_checkpoints where projection = $1', [name]);
      await dataSource.query('delete from projection_dead_letters where projection = $1', [name]);
    }
    await dataSource.destroy();
  });

  async function setUp(partitions: number) {
    const id = uniqueName('eng');
    const topic = `it.engine.${id}`.replace(/_/g, '-');
    topics.push(topic);
    instances.push(id);
    await applyTopicCatalog(config.kafka.brokers, [
      {
        name: topic,
        description: 't',
        key: 'sku',
        partitions,
        replicationFactor: 1,
        minInsyncReplicas: 1,
        config: {},
      },
    ]);
    const instance = { name: id, schema: `${id}_unit_totals`, groupId: `it-engine-${id}`, topics: [topic] };
    const runner = (options: { maxBatchEvents?: number } = {}) => {
      const r = new ProjectionRunner({
        projection: unitTotals,
        dataSource,
        codec,
        brokers: config.kafka.brokers,
        metrics: new ProjectionMetrics(),
        instance,
        ...options,
      });
      runners.push(r);
      return r;
    };
    const send = async (events: readonly InventoryEvent[]) =>
      producer.send(
        await Promise.all(
          events.map(
            async (e) => ({ topic, key: e.sku, value: await codec.encode(e) }) satisfies OutgoingRecord,
          ),
        ),
      );
    const totals = async () =>
      (await dataSource.query(
        `select sku, units::int, events from "${instance.schema}".unit_totals order by sku`,
      )) as {
        sku: string;
        units: number;
        events: number;
      }[];
    const caughtUp = () => checkpointed(dataSource, instance.name);
    const parked = () =>
      listDeadLetters(
        { query: (q, p) => dataSource.query(q, p ? [...p] : undefined) },
        { projection: instance.name },
      );
    return { topic, instance, runner, send, totals, caughtUp, parked };
  }

  it('analyzes its tables once it has applied its first thousand events, so queries are planned with statistics', async () => {
    const t = await setUp(3);
    await t.send(Array.from({ length: 1_200 }, (_, i) => stockReceived(`SKU-${i}`, 1)));
    await t.runner().start();
    await waitFor(async () => (await t.caughtUp()) === 1_200, {
      timeoutMs: 60_000,
      what: 'the runner to catch up',
    });
    const analyzed = () =>
      dataSource.query<{ relname: string; reltuples: number }[]>(
        `select c.relname, c.reltuples::int as reltuples
           from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = $1 and c.relkind = 'r' order by c.relname`,
        [t.instance.schema],
      );
    // Without statistics PostgreSQL reports -1 tuples; the lane's ANALYZE, after at least 1,000 of them were
    // committed, counts them.
    await waitFor(async () => (await analyzed()).every((r) => r.reltuples >= 1_000), {
      timeoutMs: 30_000,
      what: 'the lane to analyze its tables',
    });
    expect((await analyzed()).map((r) => r.relname)).toEqual(['applied_events', 'unit_totals']);
    // On the lane's small sample: a histogram of at most 11 bounds (statistics target 10), not the default 101.
    const [histogram] = await dataSource.query<{ bounds: number }[]>(
      `select max(array_length(histogram_bounds::text::text[], 1))::int as bounds
         from pg_stats where schemaname = $1 and tablename = 'unit_totals'`,
      [t.instance.schema],
    );
    expect(histogram!.bounds).toBeGreaterThan(1);
    expect(histogram!.bounds).toBeLessThanOrEqual(11);
  });

  it('does not count an event twice when the same events are produced again', async () => {
    const t = await setUp(3);
    const events = Array.from({ length: 60 }, (_, i) => stockReceived(`SKU-${i % 6}`, 1 + (i % 3)));
    await t.send(events);
    await t.send(events); // same event ids at new offsets, as a retried producer would write them
    await t.runner().start();
    await waitFor(async () => (await t.caughtUp()) === 120, {
      timeoutMs: 90_000,
      what: '120 offsets checkpointed',
    });
    const rows = await t.totals();
    expect(rows.reduce((n, r) => n + r.events, 0)).toBe(60);
    expect(rows.find((r) => r.sku === 'SKU-0')).toEqual({ sku: 'SKU-0', units: 10 * 1, events: 10 });
  });

  it('does not count an event twice when it is produced again while the runner is at the head of the log', async () => {
    broken = false;
    const t = await setUp(3);
    await t.runner().start();
    const events = Array.from({ length: 30 }, (_, i) => stockReceived(`SKU-${i % 3}`, 2));
    for (const [i, event] of events.entries()) {
      await t.send([event]);
      await waitFor(async () => (await t.caughtUp()) === i + 1, {
        timeoutMs: 30_000,
        what: `offset ${i} applied`,
      });
    }
    // Each one again, one at a time: each the only event of its fetch, as a retried producer would write it.
    for (const [i, event] of events.entries()) {
      await t.send([event]);
      await waitFor(async () => (await t.caughtUp()) === 31 + i, {
        timeoutMs: 30_000,
        what: `copy ${i} skipped`,
      });
    }
    const rows = await t.totals();
    expect(rows).toEqual(['SKU-0', 'SKU-1', 'SKU-2'].map((sku) => ({ sku, units: 20, events: 10 })));
  });

  it('catching up in chunks of a transaction each, skips copies of events and parks a refused one in a later chunk', async () => {
    broken = true;
    const t = await setUp(1);
    const events = Array.from({ length: 160 }, (_, i) => stockReceived(`SKU-${i % 4}`, 1));
    await t.send(events.slice(0, 100));
    await t.send(events.slice(10, 20)); // copies, at offsets 100-109
    await t.send([stockReceived('POISON', 5)]); // offset 110: refused
    await t.send(events.slice(100));
    await t.send([stockReceived('POISON', 1)]); // offset 171: behind the parked one
    // Transactions of 50 events: the fetch of all 172 goes alone, in chunks; from the second chunk on, each is
    // first tried in few round trips, which the copies and the refused event make fail over to the careful path.
    await t.runner({ maxBatchEvents: 50 }).start();
    await waitFor(async () => (await t.caughtUp()) === 172, {
      timeoutMs: 90_000,
      what: 'all 172 offsets passed',
    });
    expect(await t.totals()).toEqual(
      ['SKU-0', 'SKU-1', 'SKU-2', 'SKU-3'].map((sku) => ({ sku, units: 40, events: 40 })),
    );
    expect((await t.parked()).map((d) => [d.key, d.offset, d.errorCode])).toEqual([
      ['POISON', '110', 'PROJECTION_INVARIANT'],
      ['POISON', '171', 'PARKED_BEHIND_KEY'],
    ]);
  });

  it('parks poison messages with their reason, keeps later events of that key behind them, and redrives in order', async () => {
    broken = true;
    const t = await setUp(1);
    const unknownSchemaId = frame(1_999_999_999, Buffer.from([2]));
    await t.send([stockReceived('A', 1), stockReceived('POISON', 5)]);
    await producer.send([
      { topic: t.topic, key: 'C', value: Buffer.from('random bytes, not Avro') },
      { topic: t.topic, key: 'D', value: unknownSchemaId },
    ]);
    await t.send([
      stockReceived('C', 7),
      stockReceived('A', 2),
      stockReceived('POISON', 1),
      stockReceived('B', 3),
    ]);
    await t.runner().start();
    await waitFor(async () => (await t.caughtUp()) === 8, {
      timeoutMs: 90_000,
      what: 'all 8 offsets passed',
    });

    expect(await t.totals()).toEqual([
      { sku: 'A', units: 3, events: 2 },
      { sku: 'B', units: 3, events: 1 },
    ]);
    const parked = await t.parked();
    expect(parked.map((d) => [d.key, d.offset, d.errorCode])).toEqual([
      ['POISON', '1', 'PROJECTION_INVARIANT'],
      ['C', '2', 'EVENT_NOT_FRAMED'],
      ['D', '3', 'SCHEMA_ID_UNKNOWN'],
      ['C', '4', 'PARKED_BEHIND_KEY'],
      ['POISON', '6', 'PARKED_BEHIND_KEY'],
    ]);
    expect(parked[1]?.value?.toString()).toBe('random bytes, not Avro');

    broken = false; // "the fix is deployed"
    const redrive = () =>
      redriveDeadLetters({
        dataSource,
        codec,
        projection: unitTotals,
        instanceName: t.instance.name,
        schema: t.instance.schema,
      });
    const first = await redrive();
    expect(first.map((r) => [r.key, r.outcome])).toEqual([
      ['POISON', 'REDRIVEN'],
      ['POISON', 'REDRIVEN'],
      ['C', 'STILL_PARKED'],
      ['C', 'SKIPPED'],
      ['D', 'STILL_PARKED'],
    ]);
    expect((await t.totals()).find((r) => r.sku === 'POISON')).toEqual({
      sku: 'POISON',
      units: 6,
      events: 2,
    });

    // The unreadable first event of C can never be applied: discard it, and C's later event follows.
    await discardDeadLetters(dataSource, [parked[1]!.id]);
    const second = await redrive();
    expect(second.map((r) => [r.key, r.outcome])).toEqual([
      ['D', 'STILL_PARKED'],
      ['C', 'REDRIVEN'],
    ]);
    expect((await t.totals()).find((r) => r.sku === 'C')).toEqual({ sku: 'C', units: 7, events: 1 });
  });

  it('at the head of the log, parks an event its projection refuses and goes on with the fetches after it', async () => {
    broken = false;
    const t = await setUp(1);
    await t.runner().start();
    await t.send([stockReceived('A', 1)]);
    await waitFor(async () => (await t.caughtUp()) === 1, { timeoutMs: 30_000, what: 'offset 0 applied' });
    broken = true;
    // One send each, not waited for: the lane applies its queue while the next fetches arrive.
    for (const event of [stockReceived('POISON', 5), stockReceived('B', 3), stockReceived('A', 2)])
      await t.send([event]);
    await waitFor(async () => (await t.caughtUp()) === 4, { timeoutMs: 60_000, what: '4 offsets passed' });
    broken = false;
    // Accepted now, but its key has an event parked: it waits behind it.
    await t.send([stockReceived('POISON', 1), stockReceived('B', 1)]);
    await waitFor(async () => (await t.caughtUp()) === 6, { timeoutMs: 60_000, what: '6 offsets passed' });

    expect(await t.totals()).toEqual([
      { sku: 'A', units: 3, events: 2 },
      { sku: 'B', units: 4, events: 2 },
    ]);
    const parked = await t.parked();
    expect(parked.map((d) => [d.key, d.offset, d.errorCode])).toEqual([
      ['POISON', '1', 'PROJECTION_INVARIANT'],
      ['POISON', '4', 'PARKED_BEHIND_KEY'],
    ]);
  });

  it('after a reset, builds the projection again from the start of the log though nothing new arrives', async () => {
    broken = false;
    const t = await setUp(3);
    await t.send(Array.from({ length: 12 }, (_, i) => stockReceived(`SKU-${i % 4}`, 1)));
    const first = t.runner();
    await first.start();
    await waitFor(async () => (await t.caughtUp()) === 12, { timeoutMs: 60_000, what: '12 offsets applied' });
    // Kafka's committed offsets are only a hint, saved with a fetch once their interval has passed: events keep
    // coming until the group has committed all of them, so the reset below starts behind Kafka's offsets.
    let sent = 12;
    await waitFor(
      async () => {
        if ((await committedOffsets(config.kafka.brokers, t.instance.groupId, t.topic)) === sent) return true;
        await t.send([stockReceived('SKU-0', 1)]);
        sent++;
        await waitFor(async () => (await t.caughtUp()) === sent, { what: `offset ${sent - 1} applied` });
        return false;
      },
      {
        timeoutMs: 30_000,
        intervalMs: 1_000,
        what: "Kafka's committed offsets to reach the last one applied",
      },
    );
    await first.stop();
    // What `projections reset` does; Kafka's committed offsets stay where they are, ahead of no checkpoint at all.
    await dataSource.query(`drop schema "${t.instance.schema}" cascade`);
    await dataSource.query('delete from projection_checkpoints where projection = $1', [t.instance.name]);

    await t.runner().start();
    await waitFor(async () => (await t.caughtUp()) === sent, {
      timeoutMs: 60_000,
      what: `${sent} offsets applied again`,
    });
    expect(await t.totals()).toEqual([
      { sku: 'SKU-0', units: sent - 9, events: sent - 9 },
      ...['SKU-1', 'SKU-2', 'SKU-3'].map((sku) => ({ sku, units: 3, events: 3 })),
    ]);
  });

  it('gives the same tables with two instances sharing the partitions as with one', async () => {
    broken = false;
    const t = await setUp(6);
    const events = Array.from({ length: 300 }, (_, i) => stockReceived(`SKU-${i % 25}`, 1 + (i % 4)));
    await t.send(events);
    await Promise.all([t.runner().start(), t.runner().start()]);
    await waitFor(async () => (await t.caughtUp()) === 300, {
      timeoutMs: 120_000,
      what: '300 offsets checkpointed',
    });
    const expected = new Map<string, number>();
    for (const e of events)
      if (e.type === 'shopstream.inventory.StockReceived')
        expected.set(e.sku, (expected.get(e.sku) ?? 0) + e.quantity);
    const rows = await t.totals();
    expect(rows).toHaveLength(25);
    for (const r of rows) expect(r.units).toBe(expected.get(r.sku));
    expect(rows.reduce((n, r) => n + r.events, 0)).toBe(300);
  });

  it('feeds two projections from one consumer, each from its own checkpoint and with its own dead letters', async () => {
    broken = true;
    const t = await setUp(3);
    const other = {
      name: `${t.instance.name}_b`,
      schema: `${t.instance.name}_sku_events`,
      topics: [t.topic],
    };
    const both = () => {
      const r = new ProjectionRunner({
        projection: unitTotals,
        instance: t.instance,
        alongside: [{ projection: skuEvents, instance: other }],
        groupId: `${t.instance.groupId}-both`,
        dataSource,
        codec,
        brokers: config.kafka.brokers,
        metrics: new ProjectionMetrics(),
      });
      runners.push(r);
      return r;
    };
    const done = (name: string) => checkpointed(dataSource, name);
    const counts = async () =>
      dataSource.query<{ sku: string; events: number }[]>(
        `select sku, events from "${other.schema}".sku_events order by sku`,
      );
    const first = Array.from({ length: 90 }, (_, i) =>
      stockReceived(i === 40 ? 'POISON' : `SKU-${i % 3}`, 1),
    );
    await t.send(first);
    const runner = both();
    await runner.start();
    await waitFor(async () => (await done(t.instance.name)) === 90 && (await done(other.name)) === 90, {
      timeoutMs: 90_000,
      what: 'both projections at offset 90',
    });
    // unit_totals parked POISON; sku_events, reading the same records, applied it.
    expect((await t.totals()).map((r) => r.sku)).toEqual(['SKU-0', 'SKU-1', 'SKU-2']);
    expect(await counts()).toEqual([
      { sku: 'POISON', events: 1 },
      { sku: 'SKU-0', events: 30 },
      { sku: 'SKU-1', events: 29 },
      { sku: 'SKU-2', events: 30 },
    ]);

    // sku_events starts over (its tables and checkpoints gone); unit_totals must not apply anything twice.
    await runner.stop();
    await dataSource.query(`truncate "${other.schema}".sku_events`);
    await dataSource.query(`truncate "${other.schema}".applied_events`);
    await dataSource.query('delete from projection_checkpoints where projection = $1', [other.name]);
    await t.send([stockReceived('SKU-0', 1)]);
    await both().start();
    await waitFor(async () => (await done(t.instance.name)) === 91 && (await done(other.name)) === 91, {
      timeoutMs: 90_000,
      what: 'both projections at offset 91',
    });
    expect((await t.totals()).reduce((n, r) => n + r.events, 0)).toBe(90);
    expect((await counts()).reduce((n, r) => n + r.events, 0)).toBe(91);
  });
});
