import { SqlExecutor } from '@shopstream/database';
import { readCheckpoints } from '../checkpoints/checkpoint-store';
import { quoteIdent } from '../storage/projection-tables';
import { CheckpointPosition } from './ledger-horizon';

/** A projection's duplicate guard: the applied_events table in its schema, and whose checkpoints it goes with. */
export interface Ledger {
  readonly schema: string;
  readonly projection: string;
  readonly version: number;
}

/** The SQL on every `applied_events` table, and the checkpoints that decide what may leave them. */
export class AppliedEventsStore {
  constructor(private readonly sql: SqlExecutor) {}

  /**
   * The live read models' ledgers, found by their schema (`projection_<name>_v<version>`). Shadow and sandbox
   * schemas are left alone: they are dropped whole when their rebuild or replay ends.
   */
  async liveLedgers(): Promise<Ledger[]> {
    const rows = await this.sql.query<{ schema: string }>(
      `select n.nspname as schema from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relname = 'applied_events' and c.relkind = 'r' and n.nspname like 'projection\\_%' order by 1`,
    );
    return rows.flatMap(({ schema }) => {
      const match = /^projection_(.+)_v(\d+)$/.exec(schema);
      return match ? [{ schema, projection: match[1]!, version: Number(match[2]) }] : [];
    });
  }

  async checkpoints(ledger: Ledger): Promise<CheckpointPosition[]> {
    const checkpoints = await readCheckpoints(this.sql, { name: ledger.projection, version: ledger.version });
    return checkpoints.map((c) => ({
      topic: c.topic,
      partition: c.partition,
      nextOffset: c.nextOffset.toString(),
    }));
  }

  /**
   * Deletes up to `limit` entries whose version-7 event id sorts below `boundary` (see eventIdBoundary). The range
   * on the primary key finds them without a scan; ids of any other form are never matched.
   */
  async deleteMintedBefore(ledger: Ledger, boundary: string, limit: number): Promise<number> {
    const table = `${quoteIdent(ledger.schema)}.applied_events`;
    const [row] = await this.sql.query<{ n: number }>(
      `with gone as (
         delete from ${table} where ctid in (
           select ctid from ${table}
           where event_id < $1 and event_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-'
           limit $2)
         returning 1)
       select count(*)::int as n from gone`,
      [boundary, limit],
    );
    return row?.n ?? 0;
  }
}
