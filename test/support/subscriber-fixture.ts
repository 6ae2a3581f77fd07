import { randomUUID } from 'node:crypto';
import { createEventCodec } from '@shopstream/events';
import type { OrdersEvent, ShopstreamEvent } from '@shopstream/events';
import {
  applyTopicCatalog,
  deleteConsumerGroups,
  deleteTopics,
  EventProducer,
  IncomingRecord,
  readTopics,
} from '@shopstream/kafka';
import { metadata } from './event-builders';
import { platformConfig } from './platform';
import { uniqueName } from './wait-for';

const config = platformConfig();
export const brokers = config.kafka.brokers;
export const registryUrl = config.registry.url;
export const connection = { brokers, registryUrl };
export const codec = createEventCodec(registryUrl);

/** A topic of its own for one test, partitioned like the platform's. */
export async function createTestTopic(prefix: string, partitions = 3): Promise<string> {
  const name = uniqueName(prefix);
  await applyTopicCatalog(brokers, [
    {
      name,
      description: 'a subscriber test topic',
      key: 'order id',
      partitions,
      replicationFactor: 1,
      minInsyncReplicas: 1,
      config: {},
    },
  ]);
  return name;
}

/** Deletes a test's topics with their retry and dead-letter topics, and groups named with `groupPrefix`. */
export async function cleanUp(
  topics: readonly string[],
  groupPrefixes: readonly string[] = [],
): Promise<void> {
  await deleteConsumerGroups(brokers, (id) => groupPrefixes.some((p) => id.startsWith(p)));
  await deleteTopics(
    brokers,
    topics.flatMap((t) => [
      t,
      `${t}-dlt`,
      ...[200, 300, 500, 600, 1000, 10000, 60000].map((d) => `${t}-retry-${d}`),
    ]),
  );
}

/** Publishes events, encoded with the platform's codec, keyed by order id; with `version` an older schema's bytes. */
export async function publish(
  topic: string,
  events: readonly ShopstreamEvent[],
  options: { version?: number; headers?: Record<string, string> } = {},
): Promise<void> {
  const producer = new EventProducer({ brokers, clientId: 'subscriber-test' });
  await producer.connect();
  try {
    const records = [];
    for (const event of events)
      records.push({
        topic,
        key: 'orderId' in event ? event.orderId : event.type,
        value: options.version
          ? await codec.encodeAsVersion(event, options.version)
          : await codec.encode(event),
        ...(options.headers ? { headers: options.headers } : {}),
      });
    await producer.send(records);
  } finally {
    await producer.disconnect();
  }
}

/** Every record now in `topic`. */
export async function readAll(topic: string): Promise<IncomingRecord[]> {
  const records: IncomingRecord[] = [];
  await readTopics({
    brokers,
    topics: [topic],
    fromBeginning: true,
    untilCurrentEnd: true,
    onRecord: (r) => {
      records.push(r);
    },
  });
  return records;
}

export const orderPlaced = (orderId: string, customerId: string, totalMinor = 2_000): OrdersEvent => ({
  type: 'shopstream.orders.OrderPlaced',
  metadata: metadata(orderId, 1, Date.now()),
  orderId,
  customerId,
  currency: 'EUR',
  lines: [{ sku: 'SKU-1', quantity: 1, unitPriceMinor: totalMinor }],
  totals: { subtotalMinor: totalMinor, shippingMinor: 0, taxMinor: 0, totalMinor },
  shippingAddress: {
    name: 'Ada',
    line1: 'Main St 1',
    line2: null,
    city: 'Berlin',
    postalCode: '10115',
    country: 'DE',
  },
  channel: 'WEB',
});

export const orderPaid = (orderId: string, amountMinor: number, version = 2): OrdersEvent => ({
  type: 'shopstream.orders.OrderPaid',
  metadata: metadata(orderId, version, Date.now()),
  orderId,
  amountMinor,
  currency: 'EUR',
  paymentId: `pay-${randomUUID()}`,
});

export const orderRefunded = (orderId: string, amountMinor: number, version = 3): OrdersEvent => ({
  type: 'shopstream.orders.OrderRefunded',
  metadata: metadata(orderId, version, Date.now()),
  orderId,
  amountMinor,
  currency: 'EUR',
  reason: null,
});

/** Publishes bytes as they are, not encoded: what a misbehaving producer writes. */
export async function publishRaw(topic: string, key: string, value: Buffer): Promise<void> {
  const producer = new EventProducer({ brokers, clientId: 'subscriber-test' });
  await producer.connect();
  try {
    await producer.send([{ topic, key, value }]);
  } finally {
    await producer.disconnect();
  }
}
