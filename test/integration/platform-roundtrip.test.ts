import { Client } from 'pg';
import { SchemaRegistryClient } from '@shopstream/events/tooling';
import { applyTopicCatalog, BatchConsumer, deleteTopics, EventProducer } from '@shopstream/kafka';
import { platformConfig } from '../support/platform';
import { deleteSubject } from '../support/registry';
import { uniqueName, waitFor } from '../support/wait-for';

interface Probe {
  orderId: string;
  amountMinor: number;
  currency: string;
}

describe('platform round trip through the real Kafka, registry and PostgreSQL', () => {
  const config = platformConfig();
  const topic = uniqueName('it.roundtrip').replace(/_/g, '-');
  const table = uniqueName('it_roundtrip');
  const db = new Client({ connectionString: config.database.url });

  beforeAll(async () => {
    await db.connect();
    await db.query(
      `create table ${table} (order_id text primary key, amount_minor bigint not null, currency text not null, kafka_offset bigint not null)`,
    );
    await applyTopicCatalog(config.kafka.brokers, [
      {
        name: topic,
        description: 'test',
        key: 'orderId',
        partitions: 3,
        replicationFactor: 1,
        minInsyncReplicas: 1,
        config: {},
      },
    ]);
  });

  afterAll(async () => {
    await db.query(`drop table if exists ${table}`);
    await db.end();
    await deleteSubject(config.registry.url, `${topic}-test.Probe`);
    await deleteTopics(config.kafka.brokers, [topic]);
  });

  it('registers a schema, produces framed Avro with acks=all, consumes it in a group, decodes it and writes a row', async () => {
    const registry = new SchemaRegistryClient(config.registry.url);
    const schemaId = await registry.register(`${topic}-test.Probe`, {
      type: 'record',
      name: 'Probe',
      namespace: 'test',
      fields: [
        { name: 'orderId', type: 'string' },
        { name: 'amountMinor', type: 'long' },
        { name: 'currency', type: 'string' },
      ],
    });
    const value = await registry.encode(schemaId, { orderId: 'o-1', amountMinor: 1999, currency: 'EUR' });
    // Confluent framing: magic byte 0, then the 4-byte big-endian schema id.
    expect(value[0]).toBe(0);
    expect(value.readUInt32BE(1)).toBe(schemaId);

    const producer = new EventProducer({ brokers: config.kafka.brokers, clientId: 'it-roundtrip' });
    await producer.connect();
    const [position] = await producer.send([{ topic, key: 'o-1', value }]);
    await producer.disconnect();
    expect(position).toMatchObject({ topic, offset: '0' });

    const consumer = new BatchConsumer({
      brokers: config.kafka.brokers,
      clientId: 'it-roundtrip',
      groupId: uniqueName('it-group'),
      topics: [topic],
      fromBeginning: true,
    });
    await consumer.start(async (batch) => {
      for (const record of batch.records) {
        const probe = await registry.decode<Probe>(record.value!);
        await db.query(`insert into ${table} values ($1, $2, $3, $4) on conflict do nothing`, [
          probe.orderId,
          probe.amountMinor,
          probe.currency,
          record.offset,
        ]);
      }
    });
    try {
      const row = await waitFor(async () => (await db.query(`select * from ${table}`)).rows[0], {
        what: 'the row',
        timeoutMs: 60_000,
      });
      expect(row).toEqual({
        order_id: 'o-1',
        amount_minor: '1999',
        currency: 'EUR',
        kafka_offset: String(position!.offset),
      });
      expect(position!.partition).toBeGreaterThanOrEqual(0);
    } finally {
      await consumer.stop();
    }
  });
});
