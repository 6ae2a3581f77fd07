import { BadRequestException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyEtag from '@fastify/etag';
import { createLogger } from '@shopstream/logging';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import fresh from 'fresh';
import { QueryMetrics } from '../metrics/query-metrics';
import { recordDuration } from '../metrics/record-duration';
import { AllExceptionsFilter, sendError } from './all-exceptions.filter';

const logger = createLogger('query-api');

/**
 * Fastify's options as the API runs: Express's path matching (a trailing slash is the same route), path parameters
 * as long as a URL can be (the endpoints validate them, naming the one that is wrong), and a URL Fastify can't
 * decode answered like any other invalid request.
 */
export const FASTIFY_OPTIONS: FastifyServerOptions = {
  routerOptions: { ignoreTrailingSlash: true, maxParamLength: 8_192 },
  frameworkErrors: (error, request, reply) =>
    sendError(new BadRequestException(error.message), request, reply, logger),
};

/**
 * HTTP set-up shared by main.ts and the tests. Every answer carries a weak ETag of its body, and a successful one
 * whose ETag the client already holds (If-None-Match) is a 304 without a body, so caches and clients revalidate
 * cheaply. No endpoint reads a body, so no body is parsed: a parser would only refuse a read whose headers announce
 * one it can't decode.
 */
export async function configureApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  await app.register(fastifyEtag, { weak: true, replyWith304: false });
  fastify.addHook('onSend', async (request, reply, payload) => (notModified(request, reply) ? '' : payload));
  recordDuration(fastify, app.get(QueryMetrics));
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  return app;
}

/** A 2xx whose ETag matches the request's If-None-Match becomes a 304 (as Express's `req.fresh` decides). */
function notModified(request: FastifyRequest, reply: FastifyReply): boolean {
  if (reply.statusCode < 200 || reply.statusCode >= 300) return false;
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const etag = reply.getHeader('etag');
  if (typeof etag !== 'string' || !fresh(request.headers, { etag })) return false;
  void reply.code(304);
  return true;
}
