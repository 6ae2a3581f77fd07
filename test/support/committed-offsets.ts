import { fetchCommittedOffsets } from '@shopstream/kafka';

/** Offsets `groupId` has committed on `topic`, summed over partitions (a partition with none counts 0). */
export async function committedOffsets(
  brokers: readonly string[],
  groupId: string,
  topic: string,
): Promise<number> {
  const committed = await fetchCommittedOffsets(brokers, groupId, topic);
  return [...committed.values()].reduce((sum, offset) => sum + Number(offset), 0);
}
