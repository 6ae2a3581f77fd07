import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { headerValue } from './http-request';

const VALID = /^[\x21-\x7e]{1,128}$/;
export const CORRELATION_HEADER = 'x-correlation-id';

/**
 * Gives every request a correlation id, the client's own when it sent a usable one, and echoes it in the answer:
 * events, logs and the client's error report then share one id.
 */
export function correlationId(request: IncomingMessage, response: ServerResponse, next: () => void): void {
  const sent = headerValue(request, CORRELATION_HEADER);
  const id = sent !== undefined && VALID.test(sent) ? sent : randomUUID();
  request.headers[CORRELATION_HEADER] = id;
  response.setHeader('X-Correlation-Id', id);
  next();
}
