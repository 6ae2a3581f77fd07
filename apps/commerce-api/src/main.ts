import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { assertProductionReady } from '@shopstream/access';
import { loadConfig } from '@shopstream/config';
import { useKafkaCredentials } from '@shopstream/kafka';
import { createLogger } from '@shopstream/logging';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { loadCommerceApiConfig } from './commerce-api.config';
import { configureApp } from './http/configure-app';

const log = createLogger('commerce-api');

async function main(): Promise<void> {
  const platform = loadConfig();
  useKafkaCredentials(platform.kafka.credentials);
  const config = loadCommerceApiConfig(platform);
  assertProductionReady(config.platform, { checksWebhook: true });
  if (config.paymentWebhook.isDevelopmentSecret)
    log.warn(
      'SHOPSTREAM_PAYMENT_WEBHOOK_SECRET is not set: payment webhooks are checked with the public development ' +
        'secret. Set it to the secret shared with the payment provider before taking real traffic.',
    );
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    rawBody: true,
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  configureApp(app);
  await app.listen(config.port);
  log.info({ port: config.port }, `listening on :${config.port}; OpenAPI at /docs`);
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'commerce-api did not start');
  process.exit(1);
});
