import { assertProductionReady } from '@shopstream/access';
import { LISTEN_BACKLOG } from '@shopstream/http';
import { loadConfig } from '@shopstream/config';
import { useKafkaCredentials } from '@shopstream/kafka';
import { createLogger } from '@shopstream/logging';
import { AppModule } from './app.module';
import { createQueryApiApp, everyInterface } from './http/create-app';
import { loadQueryApiConfig } from './query-api.config';

const logger = createLogger('query-api');

async function main(): Promise<void> {
  const platform = loadConfig();
  // Live push reads the orders and inventory topics, as the principal `up` gives this app.
  useKafkaCredentials(platform.kafka.credentials);
  const config = loadQueryApiConfig(platform);
  assertProductionReady(config.platform, { checksWebhook: false });
  const app = await createQueryApiApp(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  await app.listen({ port: config.port, host: everyInterface(), backlog: LISTEN_BACKLOG });
  logger.info(
    { port: config.port, namespace: config.namespace },
    `listening on :${config.port}; OpenAPI at /docs`,
  );
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, error instanceof Error ? error.message : String(error));
  process.exit(1);
});
