import { createKafka } from '../client/kafka-client';
import type { KafkaCredentials } from '../client/kafka-credentials';
import { KafkaUnavailableError, SourceTopicMissingError } from '../kafka.errors';
import { applyTopicCatalog } from './topic-admin';
import { TopicSpec } from './topic-catalog';
import { TopicPlan } from './topic-plan';

/** A topic that follows another one: a retry or dead-letter topic, partitioned like its source. */
export interface DerivedTopic {
  readonly name: string;
  readonly source: string;
  readonly description: string;
  /** Topic configuration beyond the broker's defaults, e.g. a retention. */
  readonly config?: Readonly<Record<string, string>>;
}

/**
 * Creates derived topics through the topic catalog code, so they get the same idempotent plan (create what is
 * missing, add partitions, never delete) as the platform's own. Each gets its source's partition count and
 * replication: a key then lands on the same partition number as in its source, and a partition's retries stay
 * in its order.
 */
export async function ensureDerivedTopics(
  brokers: readonly string[],
  topics: readonly DerivedTopic[],
  credentials?: KafkaCredentials | null,
): Promise<TopicPlan> {
  const sources = await describeSources(
    brokers,
    topics.map((t) => t.source),
    credentials,
  );
  const catalog: TopicSpec[] = topics.map((t) => {
    const source = sources.get(t.source);
    if (!source) throw new SourceTopicMissingError(t.source, t.name);
    return {
      name: t.name,
      description: t.description,
      key: `the key of ${t.source}`,
      partitions: source.partitions,
      replicationFactor: source.replicationFactor,
      minInsyncReplicas: Math.max(1, Math.min(2, source.replicationFactor - 1)),
      config: t.config ?? {},
    };
  });
  return applyTopicCatalog(brokers, catalog, credentials);
}

async function describeSources(
  brokers: readonly string[],
  names: readonly string[],
  credentials?: KafkaCredentials | null,
): Promise<Map<string, { partitions: number; replicationFactor: number }>> {
  const admin = createKafka({ brokers, clientId: 'shopstream-topics', credentials }).admin();
  try {
    await admin.connect();
  } catch (error) {
    throw new KafkaUnavailableError(brokers, error);
  }
  try {
    const present = new Set(await admin.listTopics());
    const wanted = [...new Set(names)].filter((n) => present.has(n));
    if (wanted.length === 0) return new Map();
    const metadata = await admin.fetchTopicMetadata({ topics: wanted });
    return new Map(
      metadata.topics.map((t) => [
        t.name,
        { partitions: t.partitions.length, replicationFactor: t.partitions[0]?.replicas.length ?? 1 },
      ]),
    );
  } finally {
    await admin.disconnect();
  }
}
