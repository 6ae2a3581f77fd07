import type { Pool } from 'pg';

/** Where an event was first published: the same for every copy of it in the retry topics. */
export interface EventOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** An event of a key that waits in a retry stage (or is being moved to one). */
export interface HeldEvent {
  readonly partition: number;
  readonly offset: string;
  readonly stage: number;
}

/**
 * The events a group has waiting in its retry topics, by key, in the team's own schema:
 * `<schema>.subscriber_held_events`. A row is named by the event's origin, not by the copy in a retry topic, so
 * writing it again when a copy is sent twice or read again after a crash changes nothing.
 */
export class HeldEventsStore {
  private readonly table: string;

  constructor(private readonly schema: string) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      throw new Error(`schema "${schema}" must be a lower-case PostgreSQL identifier (letters, digits, _)`);
    this.table = `${schema}.subscriber_held_events`;
  }

  async create(db: Pool): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
    await db.query(
      `CREATE TABLE IF NOT EXISTS ${this.table} (
         group_id text NOT NULL,
         topic text NOT NULL,
         origin_partition integer NOT NULL,
         origin_offset bigint NOT NULL,
         event_key text NOT NULL,
         stage integer NOT NULL,
         held_since timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (group_id, topic, origin_partition, origin_offset)
       )`,
    );
    await db.query(
      `CREATE INDEX IF NOT EXISTS subscriber_held_events_by_key ON ${this.table} (group_id, topic, event_key)`,
    );
  }

  /** The events of `key` from `topic` that wait in the group's retry stages. */
  async waiting(db: Pool, group: string, topic: string, key: string): Promise<HeldEvent[]> {
    const { rows } = await db.query<{ origin_partition: number; origin_offset: string; stage: number }>(
      `SELECT origin_partition, origin_offset::text AS origin_offset, stage FROM ${this.table}
       WHERE group_id = $1 AND topic = $2 AND event_key = $3`,
      [group, topic, key],
    );
    return rows.map((r) => ({ partition: r.origin_partition, offset: r.origin_offset, stage: r.stage }));
  }

  /** The event is in (or on its way to) `stage`. */
  async place(db: Pool, group: string, origin: EventOrigin, key: string, stage: number): Promise<void> {
    await db.query(
      `INSERT INTO ${this.table} (group_id, topic, origin_partition, origin_offset, event_key, stage)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (group_id, topic, origin_partition, origin_offset) DO UPDATE SET stage = EXCLUDED.stage`,
      [group, origin.topic, origin.partition, origin.offset, key, stage],
    );
  }

  /** The event no longer waits: handled, dead-lettered or let pass. */
  async release(db: Pool, group: string, origin: EventOrigin): Promise<void> {
    await db.query(
      `DELETE FROM ${this.table}
       WHERE group_id = $1 AND topic = $2 AND origin_partition = $3 AND origin_offset = $4`,
      [group, origin.topic, origin.partition, origin.offset],
    );
  }

  async count(db: Pool, group: string): Promise<number> {
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${this.table} WHERE group_id = $1`,
      [group],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
