import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { createLogger } from '@shopstream/logging';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorResponse } from './error-response';

/** Every error leaves the API through here, as `{ error, message, ... }` with a stable code. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = createLogger('query-api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    sendError(exception, request, http.getResponse<FastifyReply>(), this.logger);
  }
}

/** Answers `exception` on `reply` (unless an answer already went out), logging what is the API's fault. */
export function sendError(
  exception: unknown,
  request: Pick<FastifyRequest, 'url' | 'method'>,
  reply: FastifyReply,
  logger: ReturnType<typeof createLogger>,
): void {
  const answer = errorResponse(exception);
  if (answer.internal)
    logger.error({ route: request.url, method: request.method, err: exception }, 'query failed');
  else if (answer.status >= 500)
    logger.warn({ route: request.url, method: request.method, code: answer.body.error }, answer.body.message);
  if (reply.sent) return;
  void reply
    .status(answer.status)
    .headers(answer.headers ?? {})
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(answer.body));
}
