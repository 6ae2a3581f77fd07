/**
 * Why a projection is being applied. Only 'live' may cause side effects (live push, cache invalidation, alerts):
 * a rebuild or a replay re-applies history, and its notifications would repeat things users saw long ago.
 */
export type RunMode = 'live' | 'rebuild' | 'replay';

/**
 * The transaction-local PostgreSQL setting the runner sets in every batch transaction. Kept in the database rather
 * than in a TypeScript argument so SQL side effects (a trigger calling pg_notify) can check it too:
 * `current_setting('shopstream.run_mode', true) = 'live'`.
 */
export const RUN_MODE_SETTING = 'shopstream.run_mode';

/**
 * The mode of the batch being applied, for a projection's apply to guard its side effects:
 * `if ((await currentRunMode(sql)) === 'live') notify(...)`. Unset (SQL run outside a runner) counts as live.
 */
export async function currentRunMode(sql: SqlExecutor): Promise<RunMode> {
  const [row] = await sql.query<{ mode: string | null }>('select current_setting($1, true) as mode', [
    RUN_MODE_SETTING,
  ]);
  const mode = row?.mode;
  return mode === 'rebuild' || mode === 'replay' ? mode : 'live';
}
import { SqlExecutor } from '@shopstream/database';
