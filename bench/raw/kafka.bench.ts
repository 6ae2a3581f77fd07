// B1 and B2 measure kafkajs itself, so this file imports kafkajs directly: the one place outside libs/kafka that
// may, because wrapping it in our producer and consumer is exactly what B1' and B2' measure against it.
import { CompressionTypes, Kafka, logLevel, Partitioners } from 'kafkajs';
import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { BatchConsumer, OutgoingRecord } from '@shopstream/kafka';
import { rawKafkaAuth } from '../support/raw-kafka-auth';
import { Rate, rate, secondsSince } from '../support/stats';

const rawKafka = (brokers: readonly string[], clientId: string) =>
  new Kafka({ clientId, brokers: [...brokers], logLevel: logLevel.ERROR, ...rawKafkaAuth() });

/** B1: the same encoded records, sent with kafkajs sendBatch, acks=all, as the platform's producer does. */
export async function rawProduce(
  brokers: readonly string[],
  topic: string,
  records: readonly OutgoingRecord[],
  batch: number,
): Promise<Rate> {
  const producer = rawKafka(brokers, 'bench-raw-produce').producer({
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    const started = process.hrtime.bigint();
    for (let i = 0; i < records.length; i += batch) {
      await producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: [
          { topic, messages: records.slice(i, i + batch).map((r) => ({ key: r.key, value: r.value })) },
        ],
      });
    }
    return rate(records.length, secondsSince(started));
  } finally {
    await producer.disconnect();
  }
}

/** B2: kafkajs eachBatch over a topic from the beginning, doing nothing with the records. */
export async function rawConsume(brokers: readonly string[], topic: string, expected: number): Promise<Rate> {
  const consumer = rawKafka(brokers, 'bench-raw-consume').consumer({
    groupId: `bench-raw-${topic}`,
    maxBytesPerPartition: 4 * 1_048_576,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let seen = 0;
  let started: bigint | null = null;
  const done = new Promise<Rate>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        started ??= process.hrtime.bigint();
        seen += batch.messages.length;
        if (seen >= expected) resolve(rate(seen, secondsSince(started)));
      },
    });
  });
  try {
    return await done;
  } finally {
    await consumer.disconnect();
  }
}

/** B2': the platform's batch consumer plus Avro decode of every record, across the event set's topics. */
export async function platformConsume(
  brokers: readonly string[],
  codec: EventCodec<ShopstreamEvent>,
  topics: readonly string[],
  expected: number,
  groupId: string,
): Promise<Rate> {
  const consumer = new BatchConsumer({
    brokers,
    clientId: 'bench-platform-consume',
    groupId,
    topics,
    fromBeginning: true,
    maxBytesPerPartition: 4 * 1_048_576,
  });
  let seen = 0;
  let started: bigint | null = null;
  let resolveDone: (r: Rate) => void = () => undefined;
  const done = new Promise<Rate>((resolve) => (resolveDone = resolve));
  await consumer.start(async (batch) => {
    started ??= process.hrtime.bigint();
    for (const record of batch.records) await codec.decode(record.value);
    seen += batch.records.length;
    if (seen >= expected) resolveDone(rate(seen, secondsSince(started)));
  });
  try {
    return await done;
  } finally {
    await consumer.stop();
  }
}
