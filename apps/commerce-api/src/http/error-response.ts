import { isDatabaseUnavailable } from '@shopstream/database';
import { HttpException } from '@nestjs/common';
import { RegistryUnavailableError } from '@shopstream/events';
import { IllegalOrderTransitionError, InvalidOrderError } from '@shopstream/orders';
import { InvalidStockCommandError } from '@shopstream/inventory';
import { KafkaUnavailableError } from '@shopstream/kafka';
import {
  EventsNotPublishedError,
  IdempotencyConflictError,
  IdempotencyInProgressError,
  IllegalShipmentTransitionError,
} from '@shopstream/order-flow';
import { ValidationFailedError } from '@shopstream/http';
import { SignatureInvalidError } from './http.errors';
import { accessErrorResponse } from '@shopstream/http';

/** What the API answers for an error: status, body and headers. `internal` errors are logged, never shown. */
export interface ErrorResponse {
  readonly status: number;
  readonly body: { readonly error: string; readonly message: string } & Record<string, unknown>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly internal?: boolean;
}

/** Seconds a client waits before retrying when Kafka or the registry can't take events now. */
export const UNAVAILABLE_RETRY_AFTER_S = 5;
const IN_PROGRESS_RETRY_AFTER_S = 1;

const UNPROCESSABLE_CODES = new Set([
  'ORDER_INVALID',
  'ORDER_REFUND_EXCEEDS_PAYMENT',
  'ORDER_PAYMENT_MISMATCH',
  'ORDER_SHIPMENT_MISMATCH',
  'STOCK_INVALID_COMMAND',
  'STOCK_ADJUSTMENT_BELOW_RESERVED',
  'STOCK_ORDER_ALREADY_RESERVED',
]);
const UNAVAILABLE_CODES = new Set(['EVENTS_NOT_PUBLISHED', 'REGISTRY_UNAVAILABLE', 'KAFKA_UNAVAILABLE']);

function codeOf(error: unknown): string | null {
  if (!(error instanceof Error) || !('code' in error)) return null;
  return typeof error.code === 'string' ? error.code : null;
}

/**
 * Maps an error to its answer by the stable codes of the libs' error classes. Codes rather than `instanceof` for the
 * families (STOCK_*, ORDER_*), so a new domain error with a known code is mapped without touching this file.
 */
export function errorResponse(error: unknown): ErrorResponse {
  if (error instanceof ValidationFailedError)
    return { status: 400, body: { error: error.code, message: error.message, fields: error.fields } };
  const refused = accessErrorResponse(error);
  if (refused) return refused;
  if (error instanceof SignatureInvalidError)
    return { status: 401, body: { error: error.code, message: error.message } };
  if (error instanceof HttpException) return fromHttpException(error);
  if (isBodyParserError(error)) return fromBodyParserError(error);

  const code = codeOf(error);
  const message = error instanceof Error ? error.message : '';
  if (error instanceof IllegalOrderTransitionError)
    return {
      status: 409,
      body: { error: error.code, message, currentStatus: error.currentStatus, allowed: error.allowed },
    };
  if (error instanceof IllegalShipmentTransitionError) {
    const allowed = 'allowed' in error && Array.isArray(error.allowed) ? error.allowed : null;
    return { status: 409, body: { error: error.code, message, currentStatus: error.currentStatus, allowed } };
  }
  if (code === 'ORDER_NOT_FOUND' || code === 'SHIPMENT_NOT_FOUND')
    return { status: 404, body: { error: code, message } };
  if (error instanceof IdempotencyConflictError) return { status: 422, body: { error: error.code, message } };
  if (error instanceof IdempotencyInProgressError)
    return {
      status: 409,
      body: { error: error.code, message },
      headers: { 'Retry-After': String(IN_PROGRESS_RETRY_AFTER_S) },
    };
  if (code === 'READ_WAIT_SATURATED')
    return {
      status: 503,
      body: { error: code, message },
      headers: { 'Retry-After': String(IN_PROGRESS_RETRY_AFTER_S) },
    };
  if (code === 'ORDER_ALREADY_EXISTS') return { status: 409, body: { error: code, message } };
  if (code !== null && UNPROCESSABLE_CODES.has(code)) {
    const problems =
      error instanceof InvalidOrderError || error instanceof InvalidStockCommandError
        ? error.problems
        : undefined;
    return { status: 422, body: { error: code, message, ...(problems ? { problems } : {}) } };
  }
  if (
    (code !== null && UNAVAILABLE_CODES.has(code)) ||
    error instanceof EventsNotPublishedError ||
    error instanceof RegistryUnavailableError ||
    error instanceof KafkaUnavailableError
  )
    return {
      status: 503,
      body: { error: code ?? 'UNAVAILABLE', message },
      headers: { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_S) },
    };
  if (isDatabaseUnavailable(error))
    return {
      status: 503,
      body: {
        error: 'DATABASE_UNAVAILABLE',
        message:
          'PostgreSQL could not be reached; the command may or may not have been committed. Retry with the same Idempotency-Key: it is performed once, or answered from its stored result.',
      },
      headers: { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_S) },
    };
  return {
    status: 500,
    internal: true,
    body: {
      error: 'INTERNAL_ERROR',
      message:
        'The request failed on our side and was logged. Retry later; if it keeps failing, report the X-Correlation-Id.',
    },
  };
}

function fromHttpException(error: HttpException): ErrorResponse {
  const status = error.getStatus();
  // Nest turns body-parser's SyntaxError (malformed JSON) and Express's URIError (bad %-encoding) into a 400.
  if (status === 400) {
    const json = /JSON/i.test(error.message);
    return {
      status,
      body: {
        error: 'VALIDATION_FAILED',
        message: `The request is malformed (${error.message}); send JSON with Content-Type: application/json.`,
        fields: [
          { field: json ? '(body)' : '(url)', message: json ? 'must be valid JSON' : 'must be a valid URL' },
        ],
      },
    };
  }
  const code =
    status === 404
      ? 'NOT_FOUND'
      : status === 413
        ? 'PAYLOAD_TOO_LARGE'
        : status === 415
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : status === 405
            ? 'METHOD_NOT_ALLOWED'
            : `HTTP_${status}`;
  return { status, body: { error: code, message: error.message }, internal: status >= 500 };
}

interface BodyParserError extends Error {
  readonly status: number;
  readonly type: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    error instanceof Error &&
    'type' in error &&
    typeof error.type === 'string' &&
    'status' in error &&
    typeof error.status === 'number'
  );
}

// body-parser's errors (malformed JSON, too large) reach the filter before any route runs.
function fromBodyParserError(error: BodyParserError): ErrorResponse {
  if (error.type === 'entity.too.large')
    return {
      status: 413,
      body: {
        error: 'PAYLOAD_TOO_LARGE',
        message: 'The body is larger than this endpoint accepts; send less.',
      },
    };
  if (error.type === 'entity.parse.failed')
    return {
      status: 400,
      body: {
        error: 'VALIDATION_FAILED',
        message: `The body is not valid JSON: ${error.message}. Send a JSON document with Content-Type: application/json.`,
        fields: [{ field: '(body)', message: 'must be valid JSON' }],
      },
    };
  return {
    status: error.status >= 400 && error.status < 500 ? error.status : 400,
    body: { error: 'BAD_REQUEST', message: error.message },
  };
}
