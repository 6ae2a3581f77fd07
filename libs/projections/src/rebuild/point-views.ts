import { SqlExecutor } from '@shopstream/database';
import { Projection } from '../definition/projection';
import { createSchemaIfMissing } from '../storage/projection-tables';
import { quoteIdent } from './sandbox-registry';

/**
 * Points `<viewsSchema>.<table>` at `tablesSchema` for every table, in the caller's transaction. It replaces the
 * view in place when the columns are unchanged: the view keeps its identity, so a query waiting on the swap's lock
 * runs against the new definition instead of failing on a dropped relation. Only a version whose columns changed
 * falls back to drop and create.
 */
export async function pointViews(
  sql: SqlExecutor,
  projection: Projection,
  tablesSchema: string,
  viewsSchema: string,
): Promise<void> {
  // Rebuilds of several projections swap at once: "if not exists" alone races on the catalog's unique index.
  await sql.query('select pg_advisory_xact_lock(hashtext($1))', [`shopstream-schema:${viewsSchema}`]);
  await createSchemaIfMissing(sql, viewsSchema);
  for (const table of projection.tables) {
    const view = `${quoteIdent(viewsSchema)}.${quoteIdent(table.name)}`;
    const body = `select * from ${quoteIdent(tablesSchema)}.${quoteIdent(table.name)}`;
    await sql.query('savepoint point_view');
    try {
      await sql.query(`create or replace view ${view} as ${body}`);
      await sql.query('release savepoint point_view');
    } catch (error) {
      // 42P16 (invalid_table_definition): the columns changed; anything else is a real failure.
      if ((error as { code?: string }).code !== '42P16') throw error;
      await sql.query('rollback to savepoint point_view');
      await sql.query(`drop view if exists ${view}`);
      await sql.query(`create view ${view} as ${body}`);
    }
  }
  // A view made anew has no grants: share the schema's views with the roles that read them.
  await sql.query('select public.shopstream_share_views($1)', [viewsSchema]);
}
