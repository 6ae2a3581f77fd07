import { DataSource } from 'typeorm';

/** Runs SQL inside an open transaction. Unqualified table names resolve to the transaction's search_path. */
export interface SqlExecutor {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

/** A string as a SQL literal, for the parameterless statements that may share a round trip with BEGIN. */
export const sqlLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * Runs `work` in one PostgreSQL transaction on its own connection; rolls back on any throw. `opening`, statements
 * without parameters (literals via sqlLiteral), goes out with BEGIN in the same round trip: a batch at the head of
 * the log is a handful of round trips, and each one counts.
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (sql: SqlExecutor) => Promise<T>,
  opening?: string,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  let open = false;
  try {
    open = true;
    await runner.query(opening ? `begin; ${opening}` : 'begin');
    const result = await work({
      query: (text, params) => runner.query(text, params ? [...params] : undefined),
    });
    open = false;
    await runner.query('commit');
    return result;
  } catch (error) {
    // Best effort: a broken connection cannot roll back, and PostgreSQL drops its transaction with it.
    if (open) await runner.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

/** Runs each statement on its own, outside any transaction, on a pooled connection. */
export function pooledSql(dataSource: DataSource): SqlExecutor {
  return { query: (text, params) => dataSource.query(text, params ? [...params] : undefined) };
}
