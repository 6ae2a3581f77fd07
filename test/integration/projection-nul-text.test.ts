import { DataSource } from 'typeorm';
import { createDataSource, inTransaction } from '@shopstream/database';
import { createEventCodec, ShipmentsEvent } from '@shopstream/events';
import { applyTopicCatalog, deleteTopics, EventProducer } from '@shopstream/kafka';
import {
  ensureProjectionTables,
  listDeadLetters,
  park,
  ProjectionMetrics,
  ProjectionRunner,
  redriveDeadLetters,
} from '@shopstream/projections';
import { shipmentsProjection } from '@shopstream/read-models';
import { checkpointed } from '../support/checkpoints';
import { metadata } from '../support/event-builders';
import { platformConfig } from '../support/platform';
import { uniqueName, waitFor } from '../support/wait-for';

const config = platformConfig();
const codec = createEventCodec(config.registry.url);

const dispatched = (orderId: string, carrier: string): ShipmentsEvent => ({
  type: 'shopstream.shipments.ShipmentDispatched',
  metadata: metadata(`ship-${orderId}`, 2),
  orderId,
  shipmentId: `ship-${orderId}`,
  carrier,
  trackingNumber: 'TRK-1',
});
const returned = (orderId: string, reason: string): ShipmentsEvent => ({
  type: 'shopstream.shipments.ShipmentReturned',
  metadata: metadata(`ship-${orderId}`, 3),
  orderId,
  shipmentId: `ship-${orderId}`,
  reason,
});

/**
 * Events published before the API refused NUL in free text: PostgreSQL can store a NUL in neither text nor jsonb, so
 * a read model meeting one must store it replaced (U+FFFD), not park it and every later event of its key.
 */
describe('a read model meeting a NUL in an event of old data', () => {
  let dataSource: DataSource;
  const producer = new EventProducer({ brokers: config.kafka.brokers, clientId: 'it-nul-text' });
  const id = uniqueName('nul');
  const topic = `it.nul.${id}`.replace(/_/g, '-');
  const instance = { name: id, schema: `${id}_shipments`, groupId: `it-nul-${id}`, topics: [topic] };
  let runner: ProjectionRunner | null = null;

  beforeAll(async () => {
    dataSource = createDataSource(config.database.url, { poolSize: 4 });
    await dataSource.initialize();
    await producer.connect();
    await applyTopicCatalog(config.kafka.brokers, [
      {
        name: topic,
        description: 't',
        key: 'orderId',
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
    await dataSource.query(`drop schema if exists "${instance.schema}" cascade`);
    await dataSource.query('delete from projection_checkpoints where projection = $1', [id]);
    await dataSource.query('delete from projection_dead_letters where projection = $1', [id]);
    await dataSource.destroy();
  });

  const sql = () => ({
    query: <T>(text: string, params?: readonly unknown[]) =>
      dataSource.query<T[]>(text, params ? [...params] : undefined),
  });
  const shipment = async (orderId: string) =>
    (
      await dataSource.query<{ status: string; carrier: string | null; return_reason: string | null }[]>(
        `select status, carrier, return_reason from "${instance.schema}".shipments where order_id = $1`,
        [orderId],
      )
    )[0];

  it('stores the text with U+FFFD in place of NUL and applies the later events of that key', async () => {
    const events = [
      dispatched('o-nul', 'DH\u0000L'),
      returned('o-nul', 'box\u0000 crushed'),
      dispatched('o-clean', 'UPS'),
    ];
    await producer.send(
      await Promise.all(events.map(async (e) => ({ topic, key: e.orderId, value: await codec.encode(e) }))),
    );
    runner = new ProjectionRunner({
      projection: shipmentsProjection,
      dataSource,
      codec,
      brokers: config.kafka.brokers,
      metrics: new ProjectionMetrics(),
      instance,
    });
    await runner.start();
    await waitFor(async () => (await checkpointed(dataSource, id)) === 3, {
      timeoutMs: 60_000,
      what: 'all 3 offsets passed',
    });
    expect(await listDeadLetters(sql(), { projection: id })).toEqual([]);
    expect(await shipment('o-nul')).toEqual({
      status: 'RETURNED',
      carrier: 'DH\uFFFDL',
      return_reason: 'box\uFFFD crushed',
    });
    expect(await shipment('o-clean')).toMatchObject({ status: 'DISPATCHED', carrier: 'UPS' });
  });

  it('redrives an event parked for its NUL before this fix, and the events parked behind it', async () => {
    await inTransaction(dataSource, (tx) =>
      ensureProjectionTables(tx, shipmentsProjection, { schema: instance.schema }),
    );
    const old = [dispatched('o-parked', 'Royal\u0000Mail'), returned('o-parked', 'refused')];
    const values = await Promise.all(old.map((e) => codec.encode(e)));
    await park(
      sql(),
      id,
      shipmentsProjection.version,
      values.map((value, i) => ({
        topic,
        partition: 0,
        offset: String(100 + i),
        key: 'o-parked',
        value,
        errorCode: i === 0 ? 'PG_22021' : 'PARKED_BEHIND_KEY',
        message: i === 0 ? 'invalid byte sequence for encoding "UTF8": 0x00' : 'an earlier event is parked',
      })),
    );
    const results = await redriveDeadLetters({
      dataSource,
      codec,
      projection: shipmentsProjection,
      instanceName: id,
      schema: instance.schema,
    });
    expect(results.filter((r) => r.key === 'o-parked').map((r) => r.outcome)).toEqual([
      'REDRIVEN',
      'REDRIVEN',
    ]);
    expect(await shipment('o-parked')).toEqual({
      status: 'RETURNED',
      carrier: 'Royal\uFFFDMail',
      return_reason: 'refused',
    });
  });
});
