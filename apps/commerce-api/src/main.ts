import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@shopstream/config';
import { AppModule } from './app.module';
import { loadCommerceApiConfig } from './commerce-api.config';
import { configureApp } from './http/configure-app';

async function main(): Promise<void> {
  const config = loadCommerceApiConfig(loadConfig());
  const logger = new Logger('commerce-api');
  if (config.paymentWebhook.isDevelopmentSecret)
    logger.warn(
      'SHOPSTREAM_PAYMENT_WEBHOOK_SECRET is not set: payment webhooks are checked with the public development ' +
        'secret. Set it to the secret shared with the payment provider before taking real traffic.',
    );
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    rawBody: true,
    bodyParser: false,
  });
  configureApp(app);
  await app.listen(config.port);
  logger.log(`listening on :${config.port}; OpenAPI at /docs`);
}

main().catch((error: unknown) => {
  process.stderr.write(`commerce-api: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
