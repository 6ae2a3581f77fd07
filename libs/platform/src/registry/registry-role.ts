import { Client } from 'pg';
import { registryRoleName } from '@shopstream/config';
import { maintenanceUrl } from '../postgres/postgres-admin';
import { applyRolePasswords, ensureRolePasswordFile } from '../postgres/role-passwords';

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function withDatabase<T>(
  url: string,
  database: string,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const target = new URL(maintenanceUrl(url));
  target.pathname = `/${database}`;
  const client = new Client({ connectionString: target.toString(), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The registry's own role: owner of its database and of every table in it, and nothing else on the server. Tables
 * the registry made while it connected as the superuser are handed over, so it can still migrate them. Returns the
 * role and its password, for the registry's JDBC settings only.
 */
export async function ensureRegistryRole(
  adminUrl: string,
  home: string,
  database: string,
): Promise<{ role: string; password: string }> {
  const role = registryRoleName(database);
  await withDatabase(adminUrl, 'postgres', async (client) => {
    const found = await client.query('select 1 from pg_roles where rolname = $1', [role]);
    if (!found.rowCount) await client.query(`create role ${ident(role)}`);
    await client.query(
      `alter role ${ident(role)} with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls inherit`,
    );
    await client.query(`alter database ${ident(database)} owner to ${ident(role)}`);
    await client.query(`revoke connect, temporary on database ${ident(database)} from public`);
  });
  await withDatabase(adminUrl, database, async (client) => {
    // Sequences owned by a column follow their table; everything else moves one by one.
    const { rows } = await client.query<{ schema: string; name: string; kind: string }>(
      `select n.nspname as schema, c.relname as name, c.relkind as kind
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
         and c.relkind in ('r', 'p', 'v', 'm', 'S') and c.relowner <> $1::regrole
         and not exists (select 1 from pg_depend d
                         where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i'))
       order by 1, 2`,
      [role],
    );
    const keyword: Record<string, string> = {
      r: 'table',
      p: 'table',
      v: 'view',
      m: 'materialized view',
      S: 'sequence',
    };
    for (const r of rows)
      await client.query(
        `alter ${keyword[r.kind]} ${ident(r.schema)}.${ident(r.name)} owner to ${ident(role)}`,
      );
  });
  await applyRolePasswords(adminUrl, home, [role]);
  return { role, password: ensureRolePasswordFile(home, role) };
}
