import { Admin, ConfigResourceTypes } from 'kafkajs';
import { createKafka } from '../client/kafka-client';
import type { KafkaCredentials } from '../client/kafka-credentials';
import { TopicSpec } from './topic-catalog';
import { ExistingTopic, planTopics, TopicPlan } from './topic-plan';

/** Applies the catalog idempotently: creates what is missing, adds partitions, never deletes, reports drift. */
export async function applyTopicCatalog(
  brokers: readonly string[],
  catalog: readonly TopicSpec[],
  credentials?: KafkaCredentials | null,
): Promise<TopicPlan> {
  const admin = createKafka({ brokers, clientId: 'shopstream-topics', credentials }).admin();
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    const existing = await describeTopics(
      admin,
      catalog.map((t) => t.name),
    );
    const plan = planTopics(catalog, existing, cluster.brokers.length);
    if (plan.create.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: plan.create.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: t.replicationFactor,
          configEntries: Object.entries(t.config).map(([name, value]) => ({ name, value })),
        })),
      });
    }
    if (plan.addPartitions.length > 0) {
      await admin.createPartitions({
        topicPartitions: plan.addPartitions.map((p) => ({ topic: p.name, count: p.to })),
      });
    }
    return plan;
  } finally {
    await admin.disconnect();
  }
}

async function describeTopics(admin: Admin, names: readonly string[]): Promise<ExistingTopic[]> {
  const present = new Set(await admin.listTopics());
  const wanted = names.filter((n) => present.has(n));
  if (wanted.length === 0) return [];
  const metadata = await admin.fetchTopicMetadata({ topics: wanted });
  const configs = await admin.describeConfigs({
    includeSynonyms: false,
    resources: wanted.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  const configByTopic = new Map(
    configs.resources.map((r) => [
      r.resourceName,
      Object.fromEntries(r.configEntries.map((e) => [e.configName, e.configValue])),
    ]),
  );
  return metadata.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.length,
    replicationFactor: t.partitions[0]?.replicas.length ?? 0,
    config: configByTopic.get(t.name) ?? {},
  }));
}

/** Deletes topics (tests clean up after themselves; the catalog itself never deletes). */
export async function deleteTopics(brokers: readonly string[], topics: readonly string[]): Promise<void> {
  const admin = createKafka({ brokers, clientId: 'shopstream-topics' }).admin();
  await admin.connect();
  try {
    const present = new Set(await admin.listTopics());
    const existing = topics.filter((t) => present.has(t));
    if (existing.length) await admin.deleteTopics({ topics: existing });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Deletes a partition's records below `offset`, so the log starts there: what retention does to old segments, done
 * at once (tests of a log that no longer holds a consumer's position use it).
 */
export async function deleteRecordsBefore(
  brokers: readonly string[],
  topic: string,
  partition: number,
  offset: bigint,
): Promise<void> {
  const admin = createKafka({ brokers, clientId: 'shopstream-topics' }).admin();
  await admin.connect();
  try {
    // kafkajs finds the partition's leader only in metadata it has already loaded.
    await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.deleteTopicRecords({ topic, partitions: [{ partition, offset: offset.toString() }] });
  } finally {
    await admin.disconnect();
  }
}
