import { Admin } from 'kafkajs';
import { withAdmin } from '../client/with-admin';

/** A consumer group as tools see it: its state and members. */
export interface ConsumerGroupInfo {
  readonly groupId: string;
  /** Stable, Empty, PreparingRebalance, CompletingRebalance or Dead. */
  readonly state: string;
  readonly members: number;
}

/** One partition's committed offset; the lag is the log end minus it. */
export interface CommittedPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

const groupsAdmin = <T>(brokers: readonly string[], work: (admin: Admin) => Promise<T>): Promise<T> =>
  withAdmin({ brokers, clientId: 'shopstream-groups', quiet: true }, work);

/** Every consumer group of the cluster whose id passes `filter`, with its state. */
export function listConsumerGroups(
  brokers: readonly string[],
  filter: (groupId: string) => boolean = () => true,
): Promise<ConsumerGroupInfo[]> {
  return groupsAdmin(brokers, async (admin) => {
    const { groups } = await admin.listGroups();
    const ids = groups.map((g) => g.groupId).filter(filter);
    if (ids.length === 0) return [];
    const described = await admin.describeGroups(ids);
    return described.groups
      .map((g) => ({ groupId: g.groupId, state: g.state, members: g.members.length }))
      .sort((a, b) => a.groupId.localeCompare(b.groupId));
  });
}

/** The offsets a group has committed, on every topic it committed on (or only `topics`). */
export function fetchGroupPositions(
  brokers: readonly string[],
  groupId: string,
  topics?: readonly string[],
): Promise<CommittedPosition[]> {
  return groupsAdmin(brokers, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const wanted = topics?.filter((t) => existing.has(t));
    if (wanted && wanted.length === 0) return [];
    const answer = await admin.fetchOffsets({ groupId, ...(wanted ? { topics: [...wanted] } : {}) });
    const out: CommittedPosition[] = [];
    for (const t of answer)
      for (const p of t.partitions)
        if (BigInt(p.offset) >= 0n)
          out.push({ topic: t.topic, partition: p.partition, offset: BigInt(p.offset) });
    return out;
  });
}

/**
 * Commits offsets for a group that has no active member (a tool moving a dead-letter cursor). The broker refuses
 * while members are connected, so a live consumer's position is never moved under it.
 */
export function commitGroupPositions(
  brokers: readonly string[],
  groupId: string,
  positions: readonly CommittedPosition[],
): Promise<void> {
  return groupsAdmin(brokers, async (admin) => {
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const p of positions) {
      const list = byTopic.get(p.topic) ?? [];
      list.push({ partition: p.partition, offset: p.offset.toString() });
      byTopic.set(p.topic, list);
    }
    for (const [topic, partitions] of byTopic) await admin.setOffsets({ groupId, topic, partitions });
  });
}

/** Deletes the consumer groups whose id passes `filter` (tests clean up after themselves); active ones are kept. */
export function deleteConsumerGroups(
  brokers: readonly string[],
  filter: (groupId: string) => boolean,
): Promise<void> {
  return groupsAdmin(brokers, async (admin) => {
    const { groups } = await admin.listGroups();
    const ids = groups.map((g) => g.groupId).filter(filter);
    if (ids.length)
      await admin.deleteGroups(ids).catch((error: unknown) => {
        // A group with members cannot be deleted; the caller left it running, and the broker expires it later.
        if (!/non.?empty|GROUP_NOT_EMPTY/i.test(String(error))) throw error;
      });
  });
}
