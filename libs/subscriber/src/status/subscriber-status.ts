import {
  ConsumerGroupInfo,
  fetchGroupPositions,
  fetchPartitionOffsets,
  listConsumerGroups,
} from '@shopstream/kafka';
import { pendingDeadLetters, sourceTopicsOf } from '../dead-letters/dead-letter-topics';

const RETRY_GROUP = /^(.+)-retry-(\d+)$/;

/** A subscriber's consumer group with its retry stages' groups, as `subscribers list` shows it. */
export interface SubscriberGroup extends ConsumerGroupInfo {
  readonly retryDelaysMs: readonly number[];
}

/** The groups made by subscribe(): those with a `<group>-retry-<delay>` group beside them. */
export async function listSubscriberGroups(brokers: readonly string[]): Promise<SubscriberGroup[]> {
  const groups = await listConsumerGroups(brokers);
  const delays = new Map<string, number[]>();
  for (const g of groups) {
    const match = RETRY_GROUP.exec(g.groupId);
    if (match) delays.set(match[1]!, [...(delays.get(match[1]!) ?? []), Number(match[2])]);
  }
  return groups
    .filter((g) => delays.has(g.groupId))
    .map((g) => ({ ...g, retryDelaysMs: [...delays.get(g.groupId)!].sort((a, b) => a - b) }));
}

/** One partition read by a group: what it committed and how far behind the log end it is. */
export interface PartitionLag {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly committed: string;
  readonly end: string;
  readonly lag: string;
}

export interface SubscriberStatus {
  readonly group: string;
  readonly topics: readonly string[];
  /** The group's partitions, then each retry stage's: a retry stage's lag is events waiting to be retried. */
  readonly partitions: readonly PartitionLag[];
  readonly waitingForRetry: number;
  readonly deadLetters: number;
}

/** Lag per partition, events waiting in retry topics and pending dead letters of one subscriber group. */
export async function subscriberStatus(brokers: readonly string[], group: string): Promise<SubscriberStatus> {
  const topics = await sourceTopicsOf(brokers, group);
  const all = await listConsumerGroups(brokers, (id) => id === group || RETRY_GROUP.exec(id)?.[1] === group);
  const partitions: PartitionLag[] = [];
  let waitingForRetry = 0;
  for (const g of all.sort((a, b) => (a.groupId === group ? -1 : b.groupId === group ? 1 : 0))) {
    const committed = await fetchGroupPositions(brokers, g.groupId);
    const ends = await fetchPartitionOffsets(brokers, [...new Set(committed.map((c) => c.topic))]);
    for (const c of committed) {
      const end = ends.find((e) => e.topic === c.topic && e.partition === c.partition);
      const lag = end ? BigInt(end.high) - c.offset : 0n;
      if (g.groupId !== group) waitingForRetry += Number(lag);
      partitions.push({
        group: g.groupId,
        topic: c.topic,
        partition: c.partition,
        committed: c.offset.toString(),
        end: end?.high ?? '?',
        lag: lag.toString(),
      });
    }
  }
  const deadLetters = (await pendingDeadLetters(brokers, group, topics)).length;
  return { group, topics, partitions, waitingForRetry, deadLetters };
}
