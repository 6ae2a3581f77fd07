import { Pool, PoolClient } from 'pg';

/** Where a store's statement runs: one statement alone on the pool, or inside a snapshot's transaction. */
export type Queryable = Pool | PoolClient;

/**
 * Runs `read` in one REPEATABLE READ transaction: the projector commits a read model's rows and its checkpoint
 * together, so rows and checkpoint read here describe the same moment of the log.
 */
export async function readSnapshot<T>(pool: Pool, read: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const result = await read(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
