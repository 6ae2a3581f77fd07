import { DataSource } from 'typeorm';
import { migrations } from './migrations';
import { ListenedClient } from './session/listened-client';

/**
 * The platform's PostgreSQL connection. Schema changes come from migrations only, never `synchronize`.
 * `holdIdle` keeps connections the pool opened even while idle (pg closes them after 10 s), for a process that
 * must not find the server's connection slots taken by others when its work resumes.
 */
export function createDataSource(
  url: string,
  options: { poolSize?: number; holdIdle?: boolean } = {},
): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'shopstream_migrations',
    poolSize: options.poolSize ?? 10,
    // Failures surface as errors the callers classify and report; TypeORM's own log would print every retried
    // deadlock with all its parameters.
    logging: false,
    // A lost session's error on a connection being handed over must not end the process (listened-client.ts).
    extra: { Client: ListenedClient, ...(options.holdIdle ? { idleTimeoutMillis: 0 } : {}) },
  });
}

/** Applies pending migrations, each in its own transaction; returns the names applied. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = createDataSource(url, { poolSize: 2 });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
