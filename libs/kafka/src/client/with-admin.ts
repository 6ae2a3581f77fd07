import { Admin } from 'kafkajs';
import { KafkaUnavailableError } from '../kafka.errors';
import { createKafka, KafkaClientOptions } from './kafka-client';

/**
 * Runs `work` with a connected admin client and disconnects it after; a cluster that can't be reached is a
 * KafkaUnavailableError naming the brokers, whatever the work was.
 */
export async function withAdmin<T>(
  options: Pick<KafkaClientOptions, 'brokers' | 'clientId' | 'quiet'>,
  work: (admin: Admin) => Promise<T>,
): Promise<T> {
  const admin = createKafka(options).admin();
  try {
    await admin.connect();
  } catch (error) {
    throw new KafkaUnavailableError(options.brokers, error);
  }
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}
