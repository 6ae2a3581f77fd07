import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ListeningSession } from '@shopstream/database';
import { createEventCodec, eventIdOf } from '@shopstream/events';
import { applyTopicCatalog, deleteTopics, EventProducer, readTopics } from '@shopstream/kafka';
import { LogScan, OutboxRelay, OutboxStore, verifyOutbox } from '@shopstream/order-flow';
import { stockReceived } from '../../support/event-builders';
import { platformConfig } from '../../support/platform';
import { uniqueName, waitFor } from '../../support/wait-for';

const config = platformConfig();
const codec = createEventCodec(config.registry.url);

/*
 * The repair for outboxes written before positions were checked: rows marked published whose event is not where
 * they say, or nowhere in the log. Runs on a topic of its own; the rows it adds to the shared outbox name only it.
 */
describe('shopstream outbox verify', () => {
  const topic = `it.outbox.${uniqueName('verify')}`.replace(/_/g, '-');
  const db = new Client({ connectionString: config.database.url });
  const session = new ListeningSession({ url: config.database.url, name: 'it outbox verify', channels: [] });
  const producer = new EventProducer({ brokers: config.kafka.brokers, clientId: 'it-outbox-verify' });
  const relay = new OutboxRelay({ databaseUrl: config.database.url, brokers: config.kafka.brokers });
  const scan: LogScan = (t, visit) =>
    readTopics({
      brokers: config.kafka.brokers,
      topics: [t],
      fromBeginning: true,
      untilCurrentEnd: true,
      onRecord: async (record) =>
        visit(record.partition, record.offset, eventIdOf(await codec.decode(record.value))),
    });

  beforeAll(async () => {
    await db.connect();
    await session.start();
    await producer.connect();
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
  });

  afterAll(async () => {
    await relay.stop();
    await db.query('delete from order_flow.outbox where topic = $1', [topic]);
    await db.end();
    await session.stop();
    await producer.disconnect();
    await deleteTopics(config.kafka.brokers, [topic]);
  });

  async function outboxRow(
    event: ReturnType<typeof stockReceived>,
    position: { partition: number; offset: string } | null,
  ) {
    const { rows } = await db.query<{ id: string }>(
      `insert into order_flow.outbox (event_id, event_type, topic, key, value, published_at, partition, "offset")
       values ($1, $2, $3, $4, $5, now() - interval '1 second', $6, $7) returning id`,
      [
        eventIdOf(event),
        event.type,
        topic,
        'sku',
        await codec.encode(event),
        position?.partition ?? null,
        position?.offset ?? null,
      ],
    );
    return String(rows[0]!.id);
  }

  it('finds events by id, corrects wrong positions, and publishes again what never reached the log', async () => {
    const written = [stockReceived(`SKU-${randomUUID()}`, 1), stockReceived(`SKU-${randomUUID()}`, 2)];
    const positions = await producer.send(
      await Promise.all(written.map(async (e) => ({ topic, key: e.sku, value: await codec.encode(e) }))),
    );
    await outboxRow(written[0]!, positions[0]!);
    const unknownPosition = await outboxRow(written[1]!, null);
    // Acknowledged to its client, recorded at a position, never written: the vanished order.
    const lost = await outboxRow(stockReceived(`SKU-${randomUUID()}`, 3), { partition: 2, offset: '999' });
    const store = new OutboxStore(session);

    const before = await verifyOutbox(store, scan, { repair: false, topics: [topic] });
    expect(before.topics).toEqual([
      expect.objectContaining({
        topic,
        checked: 3,
        inPlace: 1,
        misplaced: 1,
        missing: 1,
        duplicatedInLog: 0,
      }),
    ]);
    const unrepaired = await db.query(
      'select id from order_flow.outbox where topic = $1 and published_at is null',
      [topic],
    );
    expect(unrepaired.rows).toEqual([]);

    await verifyOutbox(store, scan, { repair: true, topics: [topic] });
    const corrected = await db.query<{ partition: number; offset: string }>(
      'select partition, "offset" from order_flow.outbox where id = $1',
      [unknownPosition],
    );
    expect(corrected.rows[0]).toEqual({ partition: positions[1]!.partition, offset: positions[1]!.offset });

    await relay.start();
    await waitFor(
      async () =>
        (await db.query('select 1 from order_flow.outbox where id = $1 and published_at is not null', [lost]))
          .rowCount === 1,
      { what: 'the relay to publish the lost event again' },
    );
    const after = await verifyOutbox(store, scan, { repair: true, topics: [topic] });
    expect(after.topics).toEqual([
      expect.objectContaining({ checked: 3, inPlace: 3, misplaced: 0, missing: 0, duplicatedInLog: 0 }),
    ]);
  });
});
