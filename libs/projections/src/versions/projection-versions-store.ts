import { SqlExecutor } from '@shopstream/database';

/*
 * The one owner of public.projection_versions: which version of each projection instance the read_models views
 * show. Every statement on that table is here.
 */

/** The version the views show, or null before any is activated; `lock` holds the row until the transaction ends. */
export async function activeVersion(
  sql: SqlExecutor,
  name: string,
  options: { readonly lock?: boolean } = {},
): Promise<number | null> {
  const [row] = await sql.query<{ active_version: number }>(
    `select active_version from public.projection_versions where projection = $1${options.lock ? ' for update' : ''}`,
    [name],
  );
  return row ? row.active_version : null;
}

/** Records that the views now show `version`. */
export async function activateVersion(sql: SqlExecutor, name: string, version: number): Promise<void> {
  await sql.query(
    `insert into public.projection_versions (projection, active_version) values ($1, $2)
       on conflict (projection) do update set active_version = excluded.active_version, activated_at = now()`,
    [name, version],
  );
}

/** Forgets which version is active: the next start activates the one it runs. */
export async function forgetActiveVersion(sql: SqlExecutor, name: string): Promise<void> {
  await sql.query('delete from public.projection_versions where projection = $1', [name]);
}
