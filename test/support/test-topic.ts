import type { Message } from 'kafkajs';
import type { PlatformConfig } from '@shopstream/config';
import { adminKafka } from './kafka-as';

/** Creates `topic` (one partition) as the operator and writes `messages` to it, `batch` per produce request. */
export async function createTopicWith(
  config: PlatformConfig,
  topic: string,
  messages: readonly Message[],
  batch = 500,
): Promise<void> {
  const kafka = adminKafka(config);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < messages.length; i += batch)
    await producer.send({ topic, messages: messages.slice(i, i + batch) });
  await producer.disconnect();
}

/** Deletes a topic a test made; one already gone is fine. */
export async function deleteTopic(config: PlatformConfig, topic: string): Promise<void> {
  const admin = adminKafka(config).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
}
