import { sqlLiteral } from '@shopstream/database';
import { deadLetterLockKey } from '../dead-letters/dead-letter-store';
import { Projection } from '../definition/projection';
import { RUN_MODE_SETTING, RunMode } from '../definition/run-mode';
import { quoteIdent } from '../storage/projection-tables';

/**
 * The statements every transaction of a lane starts with, sent with its BEGIN in the same round trip: they share the
 * lane's dead-letter lock (a redrive or a swap takes it exclusively), point unqualified table names at its schema,
 * say what the run is for, and let a log-derived projection commit without waiting for its WAL flush.
 */
export function transactionSetup(options: {
  readonly instance: string;
  readonly schema: string;
  readonly projection: Projection;
  readonly mode: RunMode;
}): string {
  const { projection } = options;
  const lock = deadLetterLockKey(options.instance, projection.version);
  const searchPath = `${quoteIdent(options.schema)}, public`;
  const commit = projection.durability === 'log-derived' ? 'off' : 'on';
  return `select pg_advisory_xact_lock_shared(hashtext(${sqlLiteral(lock)})),
      set_config('search_path', ${sqlLiteral(searchPath)}, true),
      set_config(${sqlLiteral(RUN_MODE_SETTING)}, ${sqlLiteral(options.mode)}, true),
      set_config('synchronous_commit', ${sqlLiteral(commit)}, true)`;
}
