import { Projection, projectionSchema, SqlExecutor } from '../definition/projection';

/** A quoted SQL identifier: schema and table names come from projection names and user input. */
export const quoteIdent = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/**
 * Creates a projection version's schema, its tables and its duplicate guard, if missing. The projection's DDL is
 * unqualified and runs with search_path set to the schema, so the same definition builds live and shadow copies.
 */
export async function ensureProjectionTables(
  sql: SqlExecutor,
  projection: Projection,
  options: {
    schema?: string;
    withIndexes?: boolean;
    /** A bulk load's tables: no WAL until setTablesLogged (see there). */
    unlogged?: boolean;
  } = {},
): Promise<string> {
  const schema = options.schema ?? projectionSchema(projection.name, projection.version);
  // Two projector instances start at once: "if not exists" alone races on the catalog's unique index.
  await sql.query('select pg_advisory_xact_lock(hashtext($1))', [`shopstream-schema:${schema}`]);
  await sql.query(`create schema if not exists ${quoteIdent(schema)}`);
  await sql.query(`set local search_path to ${quoteIdent(schema)}, public`);
  for (const table of projection.tables) {
    const [exists] = await sql.query<{ found: string | null }>('select to_regclass($1) as found', [
      `${schema}.${table.name}`,
    ]);
    if (!exists?.found) {
      await sql.query(table.ddl);
      if (options.unlogged) await sql.query(`alter table ${quoteIdent(table.name)} set unlogged`);
    }
    if (options.withIndexes ?? true) for (const index of table.indexes ?? []) await sql.query(index);
  }
  // Every event id applied, so a duplicate produced at another offset changes nothing.
  await sql.query(
    `create ${options.unlogged ? 'unlogged ' : ''}table if not exists applied_events (event_id text primary key)`,
  );
  if (options.unlogged) {
    await sql.query(`create unlogged table if not exists ${BULK_LOAD_MARK} (unlogged_since timestamptz)`);
    await sql.query(
      `insert into ${BULK_LOAD_MARK} select now() where not exists (select 1 from ${BULK_LOAD_MARK})`,
    );
  }
  return schema;
}

/** A row in an unlogged table of the schema: gone if a crash emptied the schema's unlogged tables. */
const BULK_LOAD_MARK = 'bulk_load_mark';

/**
 * Makes a bulk load's unlogged tables logged (one sequential rewrite each, far cheaper than WAL for every row),
 * in the caller's transaction, search_path on the schema. PostgreSQL empties unlogged tables when it recovers from
 * a crash, while the checkpoints (logged) survive: the mark tells such a load from a whole one, and a load that
 * lost its rows is refused, never made permanent.
 */
export async function setTablesLogged(
  sql: SqlExecutor,
  projection: Projection,
  schema: string,
): Promise<void> {
  const [mark] = await sql.query<{ found: boolean }>(
    `select exists (select 1 from ${quoteIdent(schema)}.${BULK_LOAD_MARK}) as found`,
  );
  if (!mark?.found) throw new BulkLoadLostError(schema);
  for (const name of [...projection.tables.map((t) => t.name), 'applied_events'])
    await sql.query(`alter table ${quoteIdent(schema)}.${quoteIdent(name)} set logged`);
  await sql.query(`drop table ${quoteIdent(schema)}.${BULK_LOAD_MARK}`);
}

export class BulkLoadLostError extends Error {
  readonly code = 'BULK_LOAD_LOST';
  constructor(readonly schema: string) {
    super(
      `the bulk load into ${schema} lost its rows: PostgreSQL restarted after a crash while it ran and emptied its ` +
        'unlogged tables; nothing was swapped in, run the rebuild again',
    );
  }
}

export async function dropProjectionSchema(sql: SqlExecutor, schema: string): Promise<void> {
  await sql.query(`drop schema if exists ${quoteIdent(schema)} cascade`);
}
