import { Admin } from 'kafkajs';
import { createKafka } from '../client/kafka-client';
import { withAdmin } from '../client/with-admin';
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
  return withAdmin({ brokers, clientId: 'shopstream-offsets' }, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const out: PartitionOffsets[] = [];
    for (const topic of topics.filter((t) => existing.has(t))) {
      for (const p of await offsetsOf(admin, topic))
        out.push({ topic, partition: p.partition, low: p.low, high: p.high });
    }
    return out;
  });
}

/*
 * Right after a topic is created its partitions' leaders may not be known to every client yet, and ListOffsets
 * answers "not the leader": refresh the metadata and ask again for a few seconds before giving up.
 */
async function offsetsOf(admin: Admin, topic: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      const leaderMoving = /not the leader|leader not available|LEADER_NOT_AVAILABLE|NOT_LEADER/i.test(
        String(error),
      );
      if (!leaderMoving || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
      await admin.fetchTopicMetadata({ topics: [topic] });
    }
  }
}

/** For each partition of `topic`, the offset of the first record at or after `timestamp` (epoch ms). */
export async function offsetsForTime(
  brokers: readonly string[],
  topic: string,
  timestamp: number,
): Promise<Map<number, string>> {
  const admin = createKafka({ brokers, clientId: 'shopstream-offsets' }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, timestamp);
    return new Map(offsets.map((o) => [o.partition, o.offset]));
  } finally {
    await admin.disconnect();
  }
}

/** Offsets a consumer group has committed on a topic, by partition (a partition with none is left out). */
export async function fetchCommittedOffsets(
  brokers: readonly string[],
  groupId: string,
  topic: string,
): Promise<Map<number, bigint>> {
  const admin = createKafka({ brokers, clientId: 'shopstream-offsets', quiet: true }).admin();
  try {
    await admin.connect();
  } catch (error) {
    throw new KafkaUnavailableError(brokers, error);
  }
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committed = new Map<number, bigint>();
    for (const p of offsets?.partitions ?? [])
      if (BigInt(p.offset) >= 0n) committed.set(p.partition, BigInt(p.offset));
    return committed;
  } finally {
    await admin.disconnect();
  }
}
