import { HttpException } from '@nestjs/common';
import { accessErrorResponse } from '@shopstream/http';
import { PositionWaitSaturatedError } from '@shopstream/projections';
import { InvalidCursorError } from '@shopstream/queries';
import { ReadModelBehindError } from '../read-your-writes/read-behind.errors';
import { isDatabaseUnavailable } from '@shopstream/database';
import { NotFoundError, ValidationFailedError } from '@shopstream/http';

/** What the API answers for an error: status, body and headers. `internal` errors are logged, never shown. */
export interface ErrorResponse {
  readonly status: number;
  readonly body: { readonly error: string; readonly message: string } & Record<string, unknown>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly internal?: boolean;
}

const RETRY_AFTER_S = '1';
const UNAVAILABLE_RETRY_AFTER_S = '5';

/** 42P01 (undefined_table): a view the projector has not created yet, or a namespace it never ran. */
function isMissingReadModel(error: unknown): boolean {
  const driver = (error as { driverError?: { code?: unknown } } | null)?.driverError;
  return (error as { code?: unknown } | null)?.code === '42P01' || driver?.code === '42P01';
}

export function errorResponse(error: unknown): ErrorResponse {
  const refused = accessErrorResponse(error);
  if (refused) return refused;
  if (error instanceof ValidationFailedError)
    return { status: 400, body: { error: error.code, message: error.message, fields: error.fields } };
  if (error instanceof InvalidCursorError)
    return {
      status: 400,
      body: {
        error: 'VALIDATION_FAILED',
        message: error.message,
        fields: [{ field: 'cursor', message: error.message }],
      },
    };
  if (error instanceof NotFoundError)
    return { status: 404, body: { error: error.code, message: error.message } };
  if (error instanceof ReadModelBehindError)
    return {
      status: 412,
      body: {
        error: error.code,
        message: error.message,
        waitedMs: error.waitedMs,
        behind: error.behind.map((b) => ({
          projection: b.projection,
          topic: b.topic,
          partition: b.partition,
          wantedOffset: String(b.offset),
          nextOffset: b.nextOffset === null ? null : String(b.nextOffset),
          eventsBehind: Number(b.eventsBehind),
        })),
      },
      headers: { 'Retry-After': RETRY_AFTER_S },
    };
  if (error instanceof PositionWaitSaturatedError)
    return {
      status: 429,
      body: { error: error.code, message: error.message },
      headers: { 'Retry-After': RETRY_AFTER_S },
    };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = status === 404 ? 'NOT_FOUND' : status === 400 ? 'VALIDATION_FAILED' : `HTTP_${status}`;
    return {
      status,
      body: {
        error: code,
        message: status === 404 ? `${error.message}: see /docs for the endpoints.` : error.message,
        ...(status === 400 ? { fields: [{ field: '(url)', message: 'must be a valid URL' }] } : {}),
      },
      internal: status >= 500,
    };
  }
  if (isMissingReadModel(error))
    return {
      status: 503,
      body: {
        error: 'READ_MODEL_MISSING',
        message:
          'A read model this query reads does not exist yet: start the projector (`shopstream up`), which creates ' +
          'its views, and retry.',
      },
      headers: { 'Retry-After': UNAVAILABLE_RETRY_AFTER_S },
    };
  if (isDatabaseUnavailable(error))
    return {
      status: 503,
      body: { error: 'DATABASE_UNAVAILABLE', message: 'PostgreSQL could not be reached; retry shortly.' },
      headers: { 'Retry-After': UNAVAILABLE_RETRY_AFTER_S },
    };
  return {
    status: 500,
    internal: true,
    body: {
      error: 'INTERNAL_ERROR',
      message: 'The query failed on our side and was logged. Retry later; if it keeps failing, report it.',
    },
  };
}
