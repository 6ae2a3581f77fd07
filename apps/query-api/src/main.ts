import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { assertProductionReady } from '@shopstream/access';
import { loadConfig } from '@shopstream/config';
import { useKafkaCredentials } from '@shopstream/kafka';
import { createLogger } from '@shopstream/logging';
import { AppModule } from './app.module';
import { configureApp } from './http/configure-app';
import { loadQueryApiConfig } from './query-api.config';

const logger = createLogger('query-api');

async function main(): Promise<void> {
  const platform = loadConfig();
  // Live push reads the orders and inventory topics, as the principal `up` gives this app.
  useKafkaCredentials(platform.kafka.credentials);
  const config = loadQueryApiConfig(platform);
  assertProductionReady(config.platform, { checksWebhook: false });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: ['error', 'warn'],
    // No endpoint reads a body: a parser would only refuse a read whose headers announce one it can't decode.
    bodyParser: false,
  });
  configureApp(app);
  await app.listen(config.port);
  logger.info(
    { port: config.port, namespace: config.namespace },
    `listening on :${config.port}; OpenAPI at /docs`,
  );
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, error instanceof Error ? error.message : String(error));
  process.exit(1);
});
