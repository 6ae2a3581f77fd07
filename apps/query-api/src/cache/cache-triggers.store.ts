import { SqlExecutor } from '@shopstream/database';

/**
 * The tables of ($1 schemas, $2 names) that exist in a schema this role may use. to_regclass fails on a schema
 * without USAGE (one a superuser made and never shared): such a table is treated as absent and its reads stay
 * uncached, instead of the query API failing to start.
 */
const VISIBLE = `unnest($1::text[], $2::text[]) as t (schema_name, table_name)
  join pg_namespace n on n.nspname = t.schema_name and has_schema_privilege(n.oid, 'USAGE')
  join pg_class c on c.relnamespace = n.oid and c.relname = t.table_name`;

/** The channel read-model changes are announced on, after their transaction commits. */
export const READ_MODEL_CHANGED_CHANNEL = 'shopstream_read_model_changed';

/** A table whose changes invalidate cached answers, and the column cached answers are keyed by. */
export interface WatchedTable {
  readonly schema: string;
  readonly table: string;
  readonly keyColumn: string;
  /** Announce changes whatever the run mode: a rebuild's swap of projection_versions must always be heard. */
  readonly always?: boolean;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Installs the statement-level triggers that announce changes of the hot read-model tables, each calling
 * shopstream_read_model_changed() (a migration makes it: the query API's role may attach triggers to the tables it
 * caches, and create no function). The query API installs them at start and after a rebuild's swap (the new
 * version's tables are new tables); `create or replace` makes that idempotent, and an advisory lock keeps instances
 * starting together from racing on the catalog.
 */
export class CacheTriggersStore {
  constructor(private readonly sql: SqlExecutor) {}

  /**
   * Run it in a transaction: the lock is held until it ends. Tables that do not exist yet (a projector that never
   * ran) are skipped; the answer lists those watched.
   */
  async install(tables: readonly WatchedTable[]): Promise<WatchedTable[]> {
    const installed: WatchedTable[] = [];
    {
      await this.sql.query('select pg_advisory_xact_lock(hashtext($1))', ['shopstream-cache-triggers']);
      for (const t of tables) {
        const [found] = await this.sql.query<{ n: number }>(`select count(*)::int as n from ${VISIBLE}`, [
          [t.schema],
          [t.table],
        ]);
        if (!found?.n) continue;
        installed.push(t);
        const relation = `${quote(t.schema)}.${quote(t.table)}`;
        const key = t.keyColumn.replace(/'/g, "''");
        for (const [event, transition] of [
          ['insert', 'new'],
          ['update', 'new'],
          ['delete', 'old'],
        ] as const)
          await this.sql.query(
            `create or replace trigger shopstream_cache_${event} after ${event} on ${relation}
             referencing ${transition} table as changed for each statement
             execute function shopstream_read_model_changed('${key}'${t.always ? ", 'always'" : ''})`,
          );
      }
    }
    return installed;
  }

  /** How many of `tables` exist now. */
  async existing(tables: readonly WatchedTable[]): Promise<number> {
    const [row] = await this.sql.query<{ n: number }>(`select count(*)::int as n from ${VISIBLE}`, [
      tables.map((t) => t.schema),
      tables.map((t) => t.table),
    ]);
    return row?.n ?? 0;
  }

  /** The active version of each projection instance that registered one (the live ones; not namespaced ones). */
  async activeVersions(names: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.sql.query<{ projection: string; active_version: number }>(
      'select projection, active_version from public.projection_versions where projection = any($1::text[])',
      [names],
    );
    return new Map(rows.map((r) => [r.projection, Number(r.active_version)]));
  }
}
