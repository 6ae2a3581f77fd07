// libs/kafka has no call to delete consumer groups yet, and the bench must leave none behind, so this one admin
// call goes to kafkajs directly (proposed for libs/kafka in the bench's report).
import { Kafka, logLevel } from 'kafkajs';
import { rawKafkaAuth } from './raw-kafka-auth';

/** Deletes every consumer group whose id starts with `prefix` (groups of stopped consumers only). */
export async function deleteGroupsWithPrefix(brokers: readonly string[], prefix: string): Promise<number> {
  const admin = new Kafka({
    clientId: 'bench-cleanup',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    ...rawKafkaAuth(),
  }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    const mine = groups.map((g) => g.groupId).filter((id) => id.startsWith(prefix));
    if (mine.length > 0) await admin.deleteGroups(mine);
    return mine.length;
  } finally {
    await admin.disconnect();
  }
}
