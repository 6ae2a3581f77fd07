import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { createLogger } from '@shopstream/logging';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorResponse } from './error-response';

/** Every error leaves the API through here, as `{ error, message, ... }` with a stable code. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = createLogger('query-api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<IncomingMessage>();
    const response = http.getResponse<ServerResponse>();
    const answer = errorResponse(exception);
    if (answer.internal)
      this.logger.error({ route: request.url, method: request.method, err: exception }, 'query failed');
    else if (answer.status >= 500)
      this.logger.warn(
        { route: request.url, method: request.method, code: answer.body.error },
        answer.body.message,
      );
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(answer.headers ?? {})) response.setHeader(name, value);
    response.statusCode = answer.status;
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.end(JSON.stringify(answer.body));
  }
}
