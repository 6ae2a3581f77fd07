// libs/kafka has no call that reads a consumer group's committed offsets (its owners are changing it now), and a
// test only needs to look at them, so this one admin call goes to kafkajs directly, as bench/support does.
import { Kafka, logLevel } from 'kafkajs';

/** Offsets `groupId` has committed on `topic`, summed over partitions (a partition with none counts 0). */
export async function committedOffsets(
  brokers: readonly string[],
  groupId: string,
  topic: string,
): Promise<number> {
  const admin = new Kafka({
    clientId: 'it-committed-offsets',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}
