import { SqlExecutor } from '@shopstream/database';
import { Projection, projectionSchema } from '../definition/projection';

/** A quoted SQL identifier: schema and table names come from projection names and user input. */
export const quoteIdent = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** The engine's duplicate guard in every projection schema: the ids of the events applied there. */
const APPLIED_EVENTS = 'applied_events';

/**
 * Creates a projection version's schema, its tables and its duplicate guard, if missing. The projection's DDL is
 * unqualified and runs with search_path set to the schema, so the same definition builds live and shadow copies.
 */
export async function ensureProjectionTables(
  sql: SqlExecutor,
  projection: Projection,
  options: { schema?: string; withIndexes?: boolean } = {},
): Promise<string> {
  const schema = options.schema ?? projectionSchema(projection.name, projection.version);
  // Two projector instances start at once: "if not exists" alone races on the catalog's unique index.
  await sql.query('select pg_advisory_xact_lock(hashtext($1))', [`shopstream-schema:${schema}`]);
  await createSchemaIfMissing(sql, schema);
  await sql.query(`set local search_path to ${quoteIdent(schema)}, public`);
  for (const table of projection.tables) {
    const [exists] = await sql.query<{ found: string | null }>('select to_regclass($1) as found', [
      `${schema}.${table.name}`,
    ]);
    if (!exists?.found) await sql.query(table.ddl);
    if (options.withIndexes ?? true) for (const index of table.indexes ?? []) await sql.query(index);
  }
  // Every event id applied, so a duplicate produced at another offset changes nothing.
  await sql.query(`create table if not exists ${APPLIED_EVENTS} (event_id text primary key)`);
  // Grants follow the projector's new tables: the processor prunes the ledger, the query API's cache watches.
  await sql.query('select public.shopstream_share_projection_schema($1)', [schema]);
  return schema;
}

/**
 * CREATE SCHEMA, even with IF NOT EXISTS, needs the database's CREATE privilege, which the processor's role lacks for
 * its order_flow schema: look first. Callers hold the schema's advisory lock, so nobody creates it in between.
 */
export async function createSchemaIfMissing(sql: SqlExecutor, schema: string): Promise<void> {
  const [found] = await sql.query<{ oid: string | null }>('select to_regnamespace($1)::text as oid', [
    quoteIdent(schema),
  ]);
  if (!found?.oid) await sql.query(`create schema if not exists ${quoteIdent(schema)}`);
}

/** Every table ensureProjectionTables creates in a projection's schema, the engine's own included. */
export const projectionTableNames = (projection: Projection): string[] => [
  ...projection.tables.map((t) => t.name),
  APPLIED_EVENTS,
];

export async function dropProjectionSchema(sql: SqlExecutor, schema: string): Promise<void> {
  await sql.query(`drop schema if exists ${quoteIdent(schema)} cascade`);
}

/**
 * Updates the planner's statistics of a projection's tables, on a sample of `sampleTarget` (PostgreSQL's
 * default_statistics_target) inside the caller's transaction. ANALYZE blocks no writes.
 */
export async function analyzeProjectionTables(
  sql: SqlExecutor,
  projection: Projection,
  schema: string,
  sampleTarget: number,
): Promise<void> {
  const tables = projectionTableNames(projection)
    .map((table) => `${quoteIdent(schema)}.${quoteIdent(table)}`)
    .join(', ');
  await sql.query(`set local default_statistics_target = ${Number(sampleTarget)}`);
  await sql.query(`analyze ${tables}`);
}
