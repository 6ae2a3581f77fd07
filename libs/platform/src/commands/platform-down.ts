import { PlatformConfig } from '@shopstream/config';
import { stopKafka } from '../kafka/kafka-service';
import { stopRegistry } from '../registry/registry-service';

/** Stops what `up` started, registry first (it holds no Kafka state), data kept. PostgreSQL is not ours to stop. */
export async function platformDown(config: PlatformConfig, report: (line: string) => void): Promise<void> {
  await stopRegistry(config, report);
  await stopKafka(config, report);
}
