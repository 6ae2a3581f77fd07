import { randomUUID } from 'node:crypto';
import { createKafka } from '../client/kafka-client';
import { BatchConsumer, IncomingRecord } from '../consume/batch-consumer';
import { KafkaUnavailableError } from '../kafka.errors';
import { createLogger } from '@shopstream/logging';

export interface TopicReadOptions {
  readonly brokers: readonly string[];
  readonly topics: readonly string[];
  readonly fromBeginning: boolean;
  /** Stop once every partition reached the end offset it had when reading started (a finite scan). */
  readonly untilCurrentEnd: boolean;
  readonly onRecord: (record: IncomingRecord) => Promise<void> | void;
  /** Resolves when the caller wants to stop a follow-mode read (Ctrl-C). */
  readonly stopSignal?: Promise<void>;
}

/**
 * Reads topics as a tool does (tail, history): in a throw-away consumer group that is deleted afterwards, so
 * reading never moves any real consumer's offsets and leaves no stale group behind.
 */
export async function readTopics(options: TopicReadOptions): Promise<void> {
  const kafka = createKafka({ brokers: options.brokers, clientId: 'shopstream-reader' });
  const admin = kafka.admin();
  const groupId = `shopstream-reader-${randomUUID()}`;
  try {
    await admin.connect();
  } catch (error) {
    throw new KafkaUnavailableError(options.brokers, error);
  }
  const remaining = new Map<string, bigint>();
  if (options.untilCurrentEnd) {
    for (const topic of options.topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        const start = BigInt(p.low);
        const end = BigInt(p.high);
        if (end > start) remaining.set(`${topic}/${p.partition}`, end);
      }
    }
    if (remaining.size === 0) {
      await admin.disconnect();
      return;
    }
  }
  const consumer = new BatchConsumer({
    brokers: options.brokers,
    clientId: 'shopstream-reader',
    groupId,
    topics: options.topics,
    fromBeginning: options.fromBeginning,
  });
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  void options.stopSignal?.then(finish);
  try {
    await consumer.start(async (batch) => {
      const slot = `${batch.topic}/${batch.partition}`;
      for (const record of batch.records) {
        const end = remaining.get(slot);
        if (options.untilCurrentEnd && (end === undefined || BigInt(record.offset) >= end)) break;
        await options.onRecord(record);
      }
      const last = batch.records.at(-1);
      const end = remaining.get(slot);
      if (options.untilCurrentEnd && end !== undefined && last && BigInt(last.offset) + 1n >= end)
        remaining.delete(slot);
      if (options.untilCurrentEnd && remaining.size === 0) finish();
    });
    await finished;
  } finally {
    await consumer.stop();
    // Best effort: a group left behind holds no offsets anyone reads, and the broker expires it.
    await admin
      .deleteGroups([groupId])
      .catch((error: unknown) =>
        createLogger('kafka').warn({ err: error, groupId }, 'could not delete the reader group'),
      );
    await admin.disconnect();
  }
}
