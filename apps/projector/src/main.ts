import { loadConfig } from '@shopstream/config';
import { useKafkaCredentials } from '@shopstream/kafka';
import { createLogger } from '@shopstream/logging';
import { READ_MODELS } from '@shopstream/read-models';
import { Projector } from './projector';

const logger = createLogger('projector');

async function main(): Promise<void> {
  const config = loadConfig();
  useKafkaCredentials(config.kafka.credentials);
  const projector = await Projector.start(config, READ_MODELS, logger);
  logger.info(
    { projections: projector.projections, metricsPort: config.ports.projectorMetrics },
    `running ${projector.projections.length} projection(s); metrics on :${config.ports.projectorMetrics}/metrics`,
  );
  const shutdown = () => {
    projector.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, error instanceof Error ? error.message : String(error));
  process.exit(1);
});
