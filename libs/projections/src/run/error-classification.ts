import { isDatabaseUnavailable } from '@shopstream/database';
import { EventCodecError } from '@shopstream/events';
import { ProjectionInvariantError } from '../definition/projection.errors';

/*
 * PostgreSQL SQLSTATE classes that a retry can fix: connection exceptions (08), serialization failure and deadlock
 * (40001, 40P01), insufficient resources (53), operator intervention such as a restart (57P01..57P03).
 */
const TRANSIENT_SQLSTATE = /^(08|53|40001|40P01|57P0[123])/;
const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

export type FailureKind = 'transient' | 'poison';

/** Transient failures are retried with backoff and never skip an event; anything else is the event's fault. */
export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof EventCodecError) return error.transient ? 'transient' : 'poison';
  if (error instanceof ProjectionInvariantError) return 'poison';
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_NODE_CODES.has(code)))
    return 'transient';
  if (
    typeof message === 'string' &&
    /Connection terminated|connection timeout|Query read timeout/i.test(message)
  ) {
    return 'transient';
  }
  // A lost session seen through a wrapper (TypeORM's released query runner, pg's "not queryable" client): the same
  // check the APIs use for their 503s. Parked as poison, the event would wait for a redrive, its order undecided.
  if (isDatabaseUnavailable(error)) return 'transient';
  return 'poison';
}

/** A stable code for the dead-letter table. */
export function failureCode(error: unknown): string {
  if (error instanceof EventCodecError || error instanceof ProjectionInvariantError) return error.code;
  const { code } = (error ?? {}) as { code?: unknown };
  return typeof code === 'string' ? `PG_${code}` : 'PROJECTION_APPLY_FAILED';
}

export const failureMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
