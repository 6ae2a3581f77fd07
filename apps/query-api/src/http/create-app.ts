import { DynamicModule, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureApp, FASTIFY_OPTIONS } from './configure-app';

/**
 * The query API's Nest application on Fastify: a cached read costs a fraction of its CPU on Express (see
 * docs/performance.md), and the read side is where most requests of a shop front go.
 */
export async function createQueryApiApp(
  module: DynamicModule,
  options: { readonly logger: LogLevel[] | false; readonly abortOnError?: boolean },
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(FASTIFY_OPTIONS), {
    logger: options.logger,
    ...(options.abortOnError === undefined ? {} : { abortOnError: options.abortOnError }),
  });
  return configureApp(app);
}
