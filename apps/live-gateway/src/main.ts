import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { assertProductionReady } from '@shopstream/access';
import { listenExpressWithBacklog } from '@shopstream/http';
import { loadConfig } from '@shopstream/config';
import { useKafkaCredentials } from '@shopstream/kafka';
import { loadLiveConfig } from '@shopstream/live';
import { createLogger } from '@shopstream/logging';
import { LiveGatewayModule } from './live-gateway.module';

const logger = createLogger('live-gateway');

async function main(): Promise<void> {
  const platform = loadConfig();
  useKafkaCredentials(platform.kafka.credentials);
  assertProductionReady(platform, { checksWebhook: false });
  const config = loadLiveConfig(platform);
  const app = await NestFactory.create(LiveGatewayModule.forRoot(config), { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await listenExpressWithBacklog(app, config.port, '127.0.0.1');
  logger.info({ port: config.port }, `live gateway: ws://127.0.0.1:${config.port}/live`);
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, error instanceof Error ? error.message : String(error));
  process.exit(1);
});
