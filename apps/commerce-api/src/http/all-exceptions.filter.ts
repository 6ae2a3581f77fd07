import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { CORRELATION_HEADER } from './correlation-id';
import { errorResponse } from './error-response';
import { headerValue, HttpRequest } from './http-request';

/** Every error leaves the API through here, as `{ error, message, ... }` with a stable code. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('commerce-api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const response = http.getResponse<ServerResponse>();
    const answer = errorResponse(exception);
    if (answer.internal) {
      this.logger.error(
        `${request.method} ${request.url} failed (correlation ${headerValue(request, CORRELATION_HEADER) ?? '-'})`,
        exception instanceof Error ? exception.stack : String(exception),
      );
    } else if (answer.status >= 500) {
      this.logger.warn(
        `${request.method} ${request.url}: ${exception instanceof Error ? exception.message : String(exception)}`,
      );
    }
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(answer.headers ?? {})) response.setHeader(name, value);
    response.statusCode = answer.status;
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.end(JSON.stringify(answer.body));
  }
}
