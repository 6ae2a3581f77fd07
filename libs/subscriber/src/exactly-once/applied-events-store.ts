import type { ClientBase } from 'pg';

/**
 * The table of events a group has applied, in the team's own schema: `<schema>.subscriber_applied_events`. Written
 * in the same transaction as the handler's effects, so an event is applied once however often it is delivered.
 */
export class AppliedEventsStore {
  private readonly table: string;

  constructor(private readonly schema: string) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      throw new Error(`schema "${schema}" must be a lower-case PostgreSQL identifier (letters, digits, _)`);
    this.table = `${schema}.subscriber_applied_events`;
  }

  async create(db: ClientBase): Promise<void> {
    // Even with IF NOT EXISTS, CREATE SCHEMA needs the database's CREATE privilege, which a team's role usually
    // lacks when its schema was made for it: look first.
    const { rows } = await db.query<{ found: string | null }>('SELECT to_regnamespace($1)::text AS found', [
      this.schema,
    ]);
    if (!rows[0]?.found) await db.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
    await db.query(
      `CREATE TABLE IF NOT EXISTS ${this.table} (
         group_id text NOT NULL,
         event_id text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (group_id, event_id)
       )`,
    );
  }

  /** Claims the events not applied yet and returns their ids; the others were applied before. */
  async claim(db: ClientBase, group: string, eventIds: readonly string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const { rows } = await db.query<{ event_id: string }>(
      `INSERT INTO ${this.table} (group_id, event_id)
       SELECT $1, id FROM unnest($2::text[]) AS id
       ON CONFLICT DO NOTHING
       RETURNING event_id`,
      [group, [...new Set(eventIds)]],
    );
    return new Set(rows.map((r) => r.event_id));
  }

  async count(db: ClientBase, group: string): Promise<number> {
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${this.table} WHERE group_id = $1`,
      [group],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
