import { RegistryUnavailableError, UnknownSchemaIdError } from '@shopstream/events';
import { QueryRunnerAlreadyReleasedError } from 'typeorm';
import { ProjectionInvariantError } from '../definition/projection.errors';
import { classifyFailure, failureCode } from './error-classification';

describe('classifyFailure', () => {
  it.each([
    ['a serialization failure', Object.assign(new Error('could not serialize'), { code: '40001' })],
    ['a deadlock', Object.assign(new Error('deadlock detected'), { code: '40P01' })],
    ['a lost connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a server restart', Object.assign(new Error('terminating connection'), { code: '57P01' })],
    ['the registry being down', new RegistryUnavailableError('http://r', new Error('refused'))],
    ['a dropped socket', new Error('Connection terminated unexpectedly')],
    [
      "a transaction whose session was lost (TypeORM's released runner)",
      new QueryRunnerAlreadyReleasedError(),
    ],
    ['a client pg closed after a lost session', new Error('Client was closed and is not queryable')],
  ])('retries %s', (_what, error) => expect(classifyFailure(error)).toBe('transient'));

  it.each([
    ['an unknown schema id', new UnknownSchemaIdError(42)],
    ['a handler invariant', new ProjectionInvariantError('paid before placed', 'e-1')],
    ['a constraint violation', Object.assign(new Error('null value'), { code: '23502' })],
    ['a bug', new TypeError('cannot read properties of undefined')],
  ])('parks the event for %s', (_what, error) => expect(classifyFailure(error)).toBe('poison'));

  it('gives the dead-letter table stable codes', () => {
    expect(failureCode(new UnknownSchemaIdError(1))).toBe('SCHEMA_ID_UNKNOWN');
    expect(failureCode(Object.assign(new Error('x'), { code: '23502' }))).toBe('PG_23502');
    expect(failureCode(new TypeError('x'))).toBe('PROJECTION_APPLY_FAILED');
  });
});
