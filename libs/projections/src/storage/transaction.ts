import { DataSource } from 'typeorm';
import { SqlExecutor } from '../definition/projection';

/** Runs `work` in one PostgreSQL transaction on its own connection; rolls back on any throw. */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (sql: SqlExecutor) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    const result = await work({
      query: (text, params) => runner.query(text, params ? [...params] : undefined),
    });
    await runner.commitTransaction();
    return result;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}
