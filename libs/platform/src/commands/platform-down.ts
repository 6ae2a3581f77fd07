import { PlatformConfig } from '@shopstream/config';
import { stopApps } from '../app-processes/app-services';
import { stopKafka } from '../kafka/kafka-service';
import { stopRegistry } from '../registry/registry-service';

/** Stops what `up` started: apps first, then the registry, then Kafka; data kept. PostgreSQL is not ours to stop. */
export async function platformDown(config: PlatformConfig, report: (line: string) => void): Promise<void> {
  await stopApps(config, report);
  await stopRegistry(config, report);
  await stopKafka(config, report);
}
