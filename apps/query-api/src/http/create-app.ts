import { DynamicModule, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { networkInterfaces } from 'node:os';
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

/**
 * Every interface, as Node's own default (and so the API on Express) listened: `::`, which takes IPv4 too, where the
 * machine has IPv6, else `0.0.0.0`. Fastify's own default is the loopback only.
 */
export function everyInterface(): string {
  const ipv6 = Object.values(networkInterfaces()).some((addresses) =>
    (addresses ?? []).some((a) => a.family === 'IPv6'),
  );
  return ipv6 ? '::' : '0.0.0.0';
}
