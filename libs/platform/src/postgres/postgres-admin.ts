import { Client } from 'pg';
import { PlatformError } from '../platform.errors';

/** The same server as `url`, but its maintenance database: CREATE/DROP DATABASE can't run inside the target. */
export function maintenanceUrl(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/postgres';
  return parsed.toString();
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
    throw new PlatformError(
      'DATABASE_NAME_INVALID',
      `Database name "${name}" in ${url} is not a plain lower-case name.`,
      'Use letters, digits and _ only.',
    );
  }
  return name;
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    const { host, port } = new URL(url);
    throw new PlatformError(
      'POSTGRES_UNREACHABLE',
      `PostgreSQL at ${host}:${port || 5432} did not accept a connection (${error instanceof Error ? error.message : String(error)}).`,
      'Start it: `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` (or `service postgresql start`), ' +
        'or point SHOPSTREAM_DATABASE_URL at a running server.',
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Readiness for real: `select 1` on the server. */
export async function checkPostgres(url: string): Promise<void> {
  await withClient(maintenanceUrl(url), (client) => client.query('select 1'));
}

/** CREATE DATABASE when missing; returns whether it was created. */
export async function ensureDatabase(url: string, name: string): Promise<boolean> {
  return withClient(maintenanceUrl(url), async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`create database "${name}"`);
    return true;
  });
}

export async function dropDatabase(url: string, name: string): Promise<void> {
  await withClient(maintenanceUrl(url), (client) =>
    client.query(`drop database if exists "${name}" with (force)`),
  );
}

/**
 * Drops roles made for a database that is gone. A role is cluster-wide and would outlive its database; one still
 * owning or granted something elsewhere makes DROP ROLE fail, and is then left, named in the answer.
 */
export async function dropRoles(url: string, roles: readonly string[]): Promise<string[]> {
  return withClient(maintenanceUrl(url), async (client) => {
    const left: string[] = [];
    for (const role of roles) {
      try {
        await client.query(`drop role if exists "${role.replace(/"/g, '""')}"`);
      } catch (error) {
        left.push(`${role} (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    return left;
  });
}
