import { RUN_MODE_SETTING } from '../definition/run-mode';

/** Where read models announce the rows a live batch left, delivered when the batch's transaction commits. */
export const READ_MODEL_ROWS_CHANNEL = 'shopstream_read_model_rows';

/** NOTIFY refuses payloads of 8,000 bytes or more; a statement whose rows would not fit announces none. */
const MAX_PAYLOAD_BYTES = 7_900;

/**
 * The SQL that runs `statement` (one data-modifying statement with a RETURNING list) and, when the batch is live,
 * announces the rows it returned on READ_MODEL_ROWS_CHANNEL as `{"schema","table","rows":[…]}`; `rows` is null
 * when they would not fit a notification. One statement, so the announcement costs no round trip of its own; it is
 * delivered at commit, before the checkpoint's notification of the same transaction (migration 15000), so a
 * listener on one connection has every row of a commit before it hears the positions that commit reached.
 * Rebuilds and replays announce nothing (they re-apply history into tables nobody is told about).
 */
export function announcingRows(table: string, statement: string): string {
  const quoted = `'${table.replace(/'/g, "''")}'`;
  return `with changed as (${statement}),
    announcement as (
      select json_build_object('schema', current_schema(), 'table', ${quoted}, 'rows', json_agg(changed))::text as body
        from changed having count(*) > 0
    )
    select pg_notify('${READ_MODEL_ROWS_CHANNEL}',
             case when octet_length(body) <= ${MAX_PAYLOAD_BYTES} then body
                  else json_build_object('schema', current_schema(), 'table', ${quoted}, 'rows', null)::text end)
      from announcement
     where coalesce(nullif(current_setting('${RUN_MODE_SETTING}', true), ''), 'live') = 'live'`;
}

/** One committed statement's rows of a read-model table; `rows` null: some rows changed, too many to carry. */
export interface RowsAnnouncement {
  readonly schema: string;
  readonly table: string;
  readonly rows: readonly Readonly<Record<string, unknown>>[] | null;
}

/** Reads a payload of READ_MODEL_ROWS_CHANNEL; null when it is not one. */
export function parseRowsAnnouncement(payload: string): RowsAnnouncement | null {
  try {
    const body = JSON.parse(payload) as { schema?: unknown; table?: unknown; rows?: unknown };
    if (typeof body.schema !== 'string' || typeof body.table !== 'string') return null;
    if (body.rows === null) return { schema: body.schema, table: body.table, rows: null };
    if (!Array.isArray(body.rows) || !body.rows.every((r) => typeof r === 'object' && r !== null))
      return null;
    return { schema: body.schema, table: body.table, rows: body.rows as Record<string, unknown>[] };
  } catch {
    return null;
  }
}
