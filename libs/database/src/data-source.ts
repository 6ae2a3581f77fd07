import { DataSource } from 'typeorm';
import { migrations } from './migrations';
import { ListenedClient } from './session/listened-client';

/** The platform's PostgreSQL connection. Schema changes come from migrations only, never `synchronize`. */
export function createDataSource(url: string, options: { poolSize?: number } = {}): DataSource {
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
    extra: { Client: ListenedClient },
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
