import { createKafka } from '../client/kafka-client';
import { KafkaUnavailableError } from '../kafka.errors';

export interface PartitionOffsets {
  readonly topic: string;
  readonly partition: number;
  /** First offset still in the log. */
  readonly low: string;
  /** Log end offset: the offset the next record will get. */
  readonly high: string;
}

/** Low and high watermarks of every partition of `topics` (topics that don't exist are left out). */
export async function fetchPartitionOffsets(
  brokers: readonly string[],
  topics: readonly string[],
): Promise<PartitionOffsets[]> {
  const admin = createKafka({ brokers, clientId: 'shopstream-offsets', retries: 2 }).admin();
  try {
    await admin.connect();
  } catch (error) {
    throw new KafkaUnavailableError(brokers, error);
  }
  try {
    const existing = new Set(await admin.listTopics());
    const out: PartitionOffsets[] = [];
    for (const topic of topics.filter((t) => existing.has(t))) {
      for (const p of await admin.fetchTopicOffsets(topic))
        out.push({ topic, partition: p.partition, low: p.low, high: p.high });
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}

/** For each partition of `topic`, the offset of the first record at or after `timestamp` (epoch ms). */
export async function offsetsForTime(
  brokers: readonly string[],
  topic: string,
  timestamp: number,
): Promise<Map<number, string>> {
  const admin = createKafka({ brokers, clientId: 'shopstream-offsets', retries: 2 }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, timestamp);
    return new Map(offsets.map((o) => [o.partition, o.offset]));
  } finally {
    await admin.disconnect();
  }
}
