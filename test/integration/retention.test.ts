import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { fetchPartitionOffsets } from '@shopstream/kafka';
import { ORDER_FLOW_INSTANCE, runRetention } from '@shopstream/order-flow';
import { retainedTableSizes } from '@shopstream/platform';
import { Ledger } from '@shopstream/projections';
import { platformConfig } from '../support/platform';
import { createTopicWith, deleteTopic } from '../support/test-topic';
import { uniqueName } from '../support/wait-for';

const config = platformConfig();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A version-7 UUID minted at `ms`, as newEventId makes them. */
const eventIdAt = (ms: number) => {
  const hex = ms.toString(16).padStart(12, '0');
  const rest = randomBytes(10).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8)}-7${rest.slice(0, 3)}-8${rest.slice(3, 6)}-${rest.slice(6, 18)}`;
};

describe('retention deletes what can no longer matter and keeps the rest', () => {
  const db = new Client({ connectionString: config.database.url });
  const name = uniqueName('retention');
  const topic = `${name}.outbox`;
  // The log the ledgers' projections read, its records written an hour ago: the cut (a minute ago) lies after
  // them whatever else the platform wrote, or did not, before this test.
  const LOG_TOPIC = `${name}.log`;
  const keyPrefix = `${name}-`;
  const readLedger: Ledger = { schema: `projection_${name}_v1`, projection: name, version: 1 };
  const behindLedger: Ledger = {
    schema: `projection_${name}_behind_v1`,
    projection: `${name}_behind`,
    version: 1,
  };

  beforeAll(async () => {
    await db.connect();
    const anHourAgo = String(Date.now() - HOUR);
    await createTopicWith(
      config,
      LOG_TOPIC,
      Array.from({ length: 3 }, (_, i) => ({ value: `record-${i}`, timestamp: anHourAgo })),
    );
  });

  afterAll(async () => {
    await db.query('delete from order_flow.outbox where topic = $1', [topic]);
    await db.query('delete from order_flow.idempotency_keys where left(key, length($1)) = $1', [keyPrefix]);
    await db.query('delete from projection_checkpoints where projection = any($1)', [
      [readLedger.projection, behindLedger.projection],
    ]);
    for (const l of [readLedger, behindLedger]) await db.query(`drop schema if exists "${l.schema}" cascade`);
    await db.end();
    await deleteTopic(config, LOG_TOPIC);
  });

  const outboxRow = (
    eventType: string,
    createdAgoMs: number,
    publishedAgoMs: number | null,
    offset: number,
    partition = 0,
  ) =>
    db.query(
      `insert into order_flow.outbox (event_id, event_type, topic, key, value, created_at, published_at, partition, "offset")
       values ($1, $2, $3, 'k', '\\x00', now() - $4 * interval '1 millisecond',
               now() - $5 * interval '1 millisecond', $6, $7)`,
      [
        randomUUID(),
        eventType,
        topic,
        createdAgoMs,
        publishedAgoMs,
        publishedAgoMs === null ? null : partition,
        publishedAgoMs === null ? null : offset,
      ],
    );
  const eventTypesLeft = async () =>
    (
      await db.query<{ event_type: string }>(
        'select event_type from order_flow.outbox where topic = $1 order by event_type',
        [topic],
      )
    ).rows.map((r) => r.event_type);
  const keysLeft = async () =>
    (
      await db.query<{ key: string }>(
        'select key from order_flow.idempotency_keys where left(key, length($1)) = $1 order by key',
        [keyPrefix],
      )
    ).rows.map((r) => r.key);
  const entriesLeft = async (ledger: Ledger) =>
    (await db.query<{ event_id: string }>(`select event_id from "${ledger.schema}".applied_events`)).rows
      .map((r) => r.event_id)
      .sort();

  it("deletes old published outbox rows but each partition's newest, expired keys and ledger entries the projection read past", async () => {
    for (let i = 0; i < 3; i++) await outboxRow('published-long-ago', 31 * DAY, 30 * DAY, i);
    await outboxRow('published-recently', 2 * DAY, 2 * DAY, 10);
    // The newest recorded row of a partition stays, however old: a relay taking over reads the log from it.
    await outboxRow('newest-of-its-partition', 31 * DAY, 30 * DAY, 0, 1);
    await outboxRow('never-published', 30 * DAY, null, 0);
    for (const [suffix, agoMs] of [
      ['expired-1', 2 * DAY],
      ['expired-2', 25 * HOUR],
      ['recent', HOUR],
    ] as const)
      await db.query(
        `insert into order_flow.idempotency_keys (key, request_hash, result, outbox_ids, created_at)
         values ($1, 'h', '{}', '{}', now() - $2 * interval '1 millisecond')`,
        [keyPrefix + suffix, agoMs],
      );

    const now = Date.now();
    const old = [eventIdAt(now - 60 * DAY), eventIdAt(now - 20 * DAY)];
    const kept = [eventIdAt(now - 6 * DAY), eventIdAt(now - HOUR), `${LOG_TOPIC}/0/5`];
    const logEnds = await fetchPartitionOffsets(config.kafka.brokers, [LOG_TOPIC]);
    expect(logEnds.some((p) => BigInt(p.high) > 0n)).toBe(true);
    for (const ledger of [readLedger, behindLedger]) {
      await db.query(`create schema "${ledger.schema}"`);
      await db.query(`create table "${ledger.schema}".applied_events (event_id text primary key)`);
      await db.query(`insert into "${ledger.schema}".applied_events select unnest($1::text[])`, [
        [...old, ...kept],
      ]);
      const readAll = ledger === readLedger;
      for (const p of logEnds)
        await db.query(
          `insert into projection_checkpoints (projection, version, topic, partition, next_offset)
           values ($1, $2, $3, $4, $5)`,
          [ledger.projection, ledger.version, LOG_TOPIC, p.partition, readAll ? p.high : '0'],
        );
    }

    const report = await runRetention({
      sql: { query: async (text, params) => (await db.query(text, params ? [...params] : [])).rows },
      brokers: config.kafka.brokers,
      retention: {
        outboxHorizonMs: 7 * DAY,
        idempotencyReplayWindowMs: DAY,
        // The cut a minute ago lies after the log's records, so checkpoints at 0 are behind it.
        ledgerHorizonMs: 60_000,
        intervalMs: 60_000,
        batchSize: 2,
      },
      processorLedger: {
        schema: ORDER_FLOW_INSTANCE.schema,
        projection: ORDER_FLOW_INSTANCE.name,
        version: 1,
      },
      scope: { outboxTopic: topic, keyPrefix, ledgers: [readLedger, behindLedger] },
    });

    expect(await eventTypesLeft()).toEqual([
      'never-published',
      'newest-of-its-partition',
      'published-recently',
    ]);
    expect(await keysLeft()).toEqual([`${keyPrefix}recent`]);
    expect(await entriesLeft(readLedger)).toEqual([...kept].sort());
    expect(await entriesLeft(behindLedger)).toEqual([...old, ...kept].sort());
    expect(report.outboxRows).toBe(3);
    expect(report.idempotencyKeys).toBe(2);
    expect(report.ledgers.map((l) => [l.ledger.schema, l.deleted, l.skipped !== undefined])).toEqual([
      [readLedger.schema, 2, false],
      [behindLedger.schema, 0, true],
    ]);
  });

  it('lists the sizes of the tables it keeps bounded, for `shopstream status`', async () => {
    const schema = `projection_${name}_sized_v1`;
    await db.query(`create schema "${schema}"`);
    try {
      await db.query(`create table "${schema}".applied_events (event_id text primary key)`);
      const sizes = await retainedTableSizes(config.database.url);
      expect(sizes.map((t) => t.table)).toEqual(
        expect.arrayContaining([
          'order_flow.outbox',
          'order_flow.idempotency_keys',
          `${schema}.applied_events`,
        ]),
      );
      expect(sizes.find((t) => t.table === 'order_flow.outbox')?.bytes).toBeGreaterThan(0);
    } finally {
      await db.query(`drop schema "${schema}" cascade`);
    }
  });
});
