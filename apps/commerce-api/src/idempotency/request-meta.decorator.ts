import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { RequestMeta } from '@shopstream/order-flow';
import { randomUUID } from 'node:crypto';
import { CORRELATION_HEADER } from '../http/correlation-id';
import { headerValue, HttpRequest } from '../http/http-request';
import { ValidationFailedError } from '@shopstream/http';
import { requestHash } from './request-hash';

const VISIBLE_ASCII = /^[\x21-\x7e]{1,255}$/;

/** Idempotency key, request hash and correlation id of a command request. */
export function requestMetaOf(request: HttpRequest): RequestMeta {
  const key = headerValue(request, 'idempotency-key');
  if (key !== undefined && !VISIBLE_ASCII.test(key))
    throw new ValidationFailedError([
      {
        field: 'Idempotency-Key',
        message: 'must be 1 to 255 visible ASCII characters without spaces, such as a UUID',
      },
    ]);
  const method = request.method ?? 'POST';
  // Only a key's retry is compared with its first request, so only then is the body walked. A raw body (the signed
  // webhook, whose key is derived from it later) is bytes: hashing them is cheap and has nothing to nest.
  const hashed = key !== undefined || Buffer.isBuffer(request.body);
  return {
    idempotencyKey: key ?? null,
    requestHash: requestHash(method, request.path, hashed ? request.body : null),
    // Set for every request by the correlationId middleware.
    correlationId: headerValue(request, CORRELATION_HEADER) ?? randomUUID(),
  };
}

/** Injects the RequestMeta a command passes to the order flow. */
export const CommandMeta = createParamDecorator((_: unknown, context: ExecutionContext): RequestMeta =>
  requestMetaOf(context.switchToHttp().getRequest<HttpRequest>()),
);
