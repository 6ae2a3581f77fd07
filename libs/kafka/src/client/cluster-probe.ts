import { KafkaUnavailableError } from '../kafka.errors';
import { Partitioners } from 'kafkajs';
import { createKafka } from './kafka-client';

export interface ClusterInfo {
  readonly clusterId: string;
  readonly brokers: number;
  readonly controller: number | null;
}

/** A real metadata request: the broker is ready only when it answers one. */
export async function describeCluster(brokers: readonly string[], timeoutMs = 5_000): Promise<ClusterInfo> {
  const admin = createKafka({
    brokers,
    clientId: 'shopstream-probe',
    connectionTimeoutMs: timeoutMs,
    retries: 0,
    quiet: true,
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return { clusterId: cluster.clusterId, brokers: cluster.brokers.length, controller: cluster.controller };
  } catch (error) {
    throw new KafkaUnavailableError(brokers, error);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Makes the broker create its internal offsets and transaction-state topics now, so that the first consumer
 * group or transactional producer does not spend its first seconds on "coordinator is loading" retries.
 */
export async function warmCoordinators(brokers: readonly string[]): Promise<void> {
  const kafka = createKafka({ brokers, clientId: 'shopstream-warmup', retries: 20 });
  const admin = kafka.admin();
  const producer = kafka.producer({
    transactionalId: 'shopstream-warmup',
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  try {
    await admin.connect();
    await admin.describeGroups(['shopstream-warmup']);
    await producer.connect();
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
}

/** The broker id leading each partition of `topic` (-1 while it has no leader). */
export async function partitionLeaders(
  brokers: readonly string[],
  topic: string,
): Promise<Map<number, number>> {
  const admin = createKafka({ brokers, clientId: 'shopstream-probe', quiet: true }).admin();
  try {
    await admin.connect();
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    return new Map((topics[0]?.partitions ?? []).map((p) => [p.partitionId, p.leader]));
  } catch (error) {
    throw new KafkaUnavailableError(brokers, error);
  } finally {
    await admin.disconnect();
  }
}
