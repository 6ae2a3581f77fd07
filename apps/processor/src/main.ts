import { loadConfig } from '@shopstream/config';
import { useKafkaCredentials } from '@shopstream/kafka';
import { createLogger } from '@shopstream/logging';
import { Processor } from './processor';

const log = createLogger('processor');

async function main(): Promise<void> {
  const config = loadConfig();
  useKafkaCredentials(config.kafka.credentials);
  const processor = await Processor.start(config);
  process.stdout.write(`processor: running; metrics on :${config.ports.processorMetrics}/metrics\n`);
  const shutdown = () => {
    processor.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.fatal({ err: error }, 'processor did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'processor did not start');
  process.exit(1);
});
