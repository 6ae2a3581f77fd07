import { randomUUID } from 'node:crypto';
import { EventCodec, TypedEvent } from '@shopstream/events';
import { readSchemaFiles, resolveSchemaTree, SchemaRegistryClient } from '@shopstream/events/tooling';
import { applyTopicCatalog, deleteTopics, EventProducer } from '@shopstream/kafka';
import { runCli } from '../support/cli';
import { platformConfig } from '../support/platform';
import { uniqueName } from '../support/wait-for';

const config = platformConfig();
const schemas = resolveSchemaTree(readSchemaFiles(config.root));
type AnyEvent = TypedEvent & Record<string, unknown>;

const metadata = (aggregateId: string, version: number, occurredAt: number) => ({
  eventId: randomUUID(),
  occurredAt,
  aggregateId,
  aggregateVersion: version,
  correlationId: 'corr',
  causationId: null,
  producer: 'events-cli-test',
});

/** One topic of the test's own per platform topic the history reads, so nothing lands in the platform's log. */
const ownTopics = (base: string) =>
  ['orders', 'payments', 'shipments', 'inventory'].map((context) => ({
    name: `${base}.${context}`,
    description: 't',
    key: context === 'inventory' ? 'sku' : 'orderId',
    partitions: 1,
    replicationFactor: 1,
    minInsyncReplicas: 1,
    config: {},
  }));

describe('shopstream events', () => {
  // The schemas are the platform's, registered by `up`: the test only looks them up.
  const client = new SchemaRegistryClient(config.registry.url);
  const codec = new EventCodec<AnyEvent>(client, schemas);
  const producer = new EventProducer({ brokers: config.kafka.brokers, clientId: 'it-events-cli' });
  const orderId = uniqueName('order');
  const base = uniqueName('it.history').replace(/_/g, '-');
  const historyTopics = ownTopics(base);
  const ownTopicOf = (e: AnyEvent) => `${base}.${codec.topicOf(e).split('.')[1]}`;
  const t0 = Date.now();

  beforeAll(async () => {
    await applyTopicCatalog(config.kafka.brokers, historyTopics);
    await producer.connect();
    const events: AnyEvent[] = [
      {
        type: 'shopstream.inventory.StockReserved',
        metadata: metadata('SKU-H', 1, t0 + 1),
        sku: 'SKU-H',
        orderId,
        quantity: 2,
      },
      { type: 'shopstream.orders.OrderConfirmed', metadata: metadata(orderId, 2, t0 + 2), orderId },
      {
        type: 'shopstream.payments.PaymentCaptured',
        metadata: metadata(orderId, 1, t0 + 3),
        orderId,
        paymentId: 'pay-1',
        amountMinor: 500,
        currency: 'EUR',
      },
      {
        type: 'shopstream.inventory.StockReserved',
        metadata: metadata('SKU-H', 2, t0 + 4),
        sku: 'SKU-H',
        orderId: 'another-order',
        quantity: 1,
      },
    ];
    await producer.send(
      await Promise.all(
        events.map(async (e) => ({
          topic: ownTopicOf(e),
          key: String(e['sku'] ?? e['orderId']),
          value: await codec.encode(e),
        })),
      ),
    );
  });

  afterAll(async () => {
    await producer.disconnect();
    await deleteTopics(
      config.kafka.brokers,
      historyTopics.map((t) => t.name),
    );
  });

  it('history lists every event of one order across the topics given, in time order, and nothing of other orders', async () => {
    const [orders, payments, , inventory] = historyTopics.map((t) => t.name);
    const result = await runCli([
      'events',
      'history',
      orderId,
      '--json',
      '--topics',
      historyTopics.map((t) => t.name).join(','),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => `${l.topic} ${l.event.type}`)).toEqual([
      `${inventory} shopstream.inventory.StockReserved`,
      `${orders} shopstream.orders.OrderConfirmed`,
      `${payments} shopstream.payments.PaymentCaptured`,
    ]);
  });

  it('tail prints decoded JSON lines, filtered by key, and the error code of an undecodable record', async () => {
    const topic = uniqueName('it.tail').replace(/_/g, '-');
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
    try {
      const confirmed: AnyEvent = {
        type: 'shopstream.orders.OrderConfirmed',
        metadata: metadata('o-t', 1, t0),
        orderId: 'o-t',
      };
      await producer.send([
        { topic, key: 'o-x', value: await codec.encode({ ...confirmed, orderId: 'o-x' }) },
        { topic, key: 'o-t', value: await codec.encode(confirmed) },
        { topic, key: 'o-t', value: Buffer.from('not avro at all') },
      ]);
      const result = await runCli([
        'events',
        'tail',
        topic,
        '--from-beginning',
        '--key',
        'o-t',
        '--max',
        '2',
      ]);
      expect(result.code).toBe(0);
      const [first, second] = result.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(first).toMatchObject({
        topic,
        partition: 0,
        offset: '1',
        key: 'o-t',
        event: { type: 'shopstream.orders.OrderConfirmed', orderId: 'o-t' },
      });
      expect(second).toMatchObject({ offset: '2', error: { code: 'EVENT_NOT_FRAMED' } });
    } finally {
      await deleteTopics(config.kafka.brokers, [topic]);
    }
  });
});
