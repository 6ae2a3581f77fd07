import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { appRoleName, DATABASE_APPS } from '@shopstream/config';
import { runMigrations } from '@shopstream/database';
import { createEventCodec, eventIdOf } from '@shopstream/events';
import { applyTopicCatalog, deleteTopics, EventProducer, readTopics } from '@shopstream/kafka';
import { OutboxRelay } from '@shopstream/order-flow';
import { stockReceived } from '../../support/event-builders';
import { platformConfig } from '../../support/platform';
import { uniqueName, waitFor } from '../../support/wait-for';

const config = platformConfig();
const codec = createEventCodec(config.registry.url);

/*
 * A relay killed after Kafka acknowledged its batch and before it recorded the positions leaves those rows in the
 * queue; the relay taking over used to publish them again, so the log held those events twice (the fault suite's
 * app kills found it). The dead relay's batch is played here by a producer sending the rows' exact bytes; the relay
 * then takes over in a database of the test's own, so no other relay holds the leader lock.
 */
describe('an outbox relay taking over from one that died before recording its batch', () => {
  const id = uniqueName('takeover');
  const topic = `it.takeover.${id}`.replace(/_/g, '-');
  const database = `shopstream_${id}`;
  const databaseUrl = config.database.url.replace(/\/[^/]+$/, `/${database}`);
  const admin = new Client({ connectionString: config.database.url });
  const db = new Client({ connectionString: databaseUrl });
  const producer = new EventProducer({ brokers: config.kafka.brokers, clientId: `${id}-dead-relay` });
  const relay = new OutboxRelay({
    databaseUrl,
    brokers: config.kafka.brokers,
    applicationName: `${id} relay`,
  });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create database ${database}`);
    await runMigrations(databaseUrl);
    await db.connect();
    await applyTopicCatalog(config.kafka.brokers, [
      {
        name: topic,
        description: 't',
        key: 'sku',
        partitions: 3,
        replicationFactor: 1,
        minInsyncReplicas: 1,
        config: {},
      },
    ]);
    await producer.connect();
  });

  afterAll(async () => {
    await relay.stop();
    await producer.disconnect();
    await db.end();
    await admin.query(`drop database if exists ${database} with (force)`);
    // The migrations made this database's app roles; roles outlive the database.
    for (const app of DATABASE_APPS) await admin.query(`drop role if exists "${appRoleName(database, app)}"`);
    await admin.end();
    await deleteTopics(config.kafka.brokers, [topic]);
  });

  it('records the batch the log already holds instead of publishing it twice, then publishes the rest', async () => {
    const events = Array.from({ length: 12 }, (_, i) => stockReceived(`SKU-${randomUUID()}`, i + 1));
    const encoded = await Promise.all(events.map((e) => codec.encode(e)));
    const { rows } = await db.query<{ id: string }>(
      `insert into order_flow.outbox (event_id, event_type, topic, key, value)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[]) returning id`,
      [
        events.map(eventIdOf),
        events.map((e) => e.type),
        events.map(() => topic),
        events.map((e) => e.sku),
        encoded,
      ],
    );
    const ids = rows.map((r) => String(r.id));
    // The dead relay's last batch: acknowledged by Kafka, never marked published.
    const acknowledged = await producer.send(
      events.slice(0, 8).map((e, i) => ({ topic, key: e.sku, value: encoded[i]! })),
    );

    await relay.start();
    await waitFor(
      async () =>
        (await db.query('select 1 from order_flow.outbox where published_at is null')).rowCount === 0,
      { what: 'the relay to leave no row unpublished' },
    );

    const inLog = new Map<string, { partition: number; offset: string }[]>();
    await readTopics({
      brokers: config.kafka.brokers,
      topics: [topic],
      fromBeginning: true,
      untilCurrentEnd: true,
      onRecord: async (record) => {
        const eventId = eventIdOf(await codec.decode(record.value));
        inLog.set(eventId, [
          ...(inLog.get(eventId) ?? []),
          { partition: record.partition, offset: record.offset },
        ]);
      },
    });
    expect(events.map((e) => inLog.get(eventIdOf(e))?.length ?? 0)).toEqual(events.map(() => 1));
    const recorded = await db.query<{ id: string; partition: number; offset: string }>(
      'select id, partition, "offset" from order_flow.outbox order by id',
    );
    expect(recorded.rows.map((r) => ({ partition: r.partition, offset: String(r.offset) }))).toEqual(
      events.map((e) => inLog.get(eventIdOf(e))![0]),
    );
    expect(
      recorded.rows.slice(0, 8).map((r) => ({ partition: r.partition, offset: String(r.offset) })),
    ).toEqual(acknowledged.map((p) => ({ partition: p.partition, offset: p.offset })));
    expect(recorded.rows.map((r) => String(r.id))).toEqual(ids);
  });
});
