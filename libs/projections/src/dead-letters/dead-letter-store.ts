export interface ParkedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly errorCode: string;
  readonly message: string;
}

export interface DeadLetter extends ParkedRecord {
  readonly id: string;
  readonly projection: string;
  readonly version: number;
  readonly attempts: number;
  readonly status: 'PARKED' | 'REDRIVEN' | 'DISCARDED';
  readonly firstSeen: Date;
  readonly lastSeen: Date;
}

/** Serialises the projector's parking decisions with redrive: shared per batch, exclusive while redriving. */
export const deadLetterLockKey = (projection: string, version: number) =>
  `shopstream-dlq:${projection}:v${version}`;

/**
 * Whether a partition has an event parked now, as a predicate over SQL expressions naming it, for statements that
 * must decide it where they commit.
 */
export const partitionHasParked = (projection: string, version: string, topic: string, partition: string) =>
  `exists (select 1 from public.projection_dead_letters d where d.projection = ${projection}
     and d.version = ${version} and d.topic = ${topic} and d.partition = ${partition} and d.status = 'PARKED')`;

/**
 * Like partitionHasParked, but blind to dead letters the current transaction wrote: a batch that parks an event
 * itself (the order-flow processor parks a replayed deferral at its earlier position) knows it did, and must not
 * take its own dead letter for one another process wrote meanwhile, which would fail the batch at every try.
 */
export const partitionHasParkedByOthers = (
  projection: string,
  version: string,
  topic: string,
  partition: string,
) =>
  `exists (select 1 from public.projection_dead_letters d where d.projection = ${projection}
     and d.version = ${version} and d.topic = ${topic} and d.partition = ${partition} and d.status = 'PARKED'
     and d.xmin <> pg_current_xact_id()::xid)`;

/** Whether a partition has an event parked now. */
export async function partitionHasParkedNow(
  sql: SqlExecutor,
  projection: string,
  version: number,
  topic: string,
  partition: number,
): Promise<boolean> {
  const [row] = await sql.query<{ parked: boolean }>(
    `select ${partitionHasParked('$1', '$2', '$3', '$4')} as parked`,
    [projection, version, topic, partition],
  );
  return row?.parked === true;
}

/** Keys of `keys` that have an event parked: later events of those keys must wait behind it. */
export async function openKeys(
  sql: SqlExecutor,
  projection: string,
  version: number,
  topic: string,
  keys: readonly string[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await sql.query<{ key: string }>(
    `select distinct key from public.projection_dead_letters
     where projection = $1 and version = $2 and topic = $3 and status = 'PARKED' and key = any($4::text[])`,
    [projection, version, topic, keys],
  );
  return new Set(rows.map((r) => r.key));
}

/** Parks records (one statement); parking the same record again counts an attempt. */
export async function park(
  sql: SqlExecutor,
  projection: string,
  version: number,
  records: readonly ParkedRecord[],
): Promise<void> {
  if (records.length === 0) return;
  await sql.query(
    `insert into public.projection_dead_letters (projection, version, topic, partition, "offset", key, value, error_code, message)
     select $1, $2, * from unnest($3::text[], $4::int[], $5::bigint[], $6::text[], $7::bytea[], $8::text[], $9::text[])
     on conflict (projection, version, topic, partition, "offset") do update
       set attempts = projection_dead_letters.attempts + 1, last_seen = now(), status = 'PARKED',
           error_code = excluded.error_code, message = excluded.message`,
    [
      projection,
      version,
      records.map((r) => r.topic),
      records.map((r) => r.partition),
      records.map((r) => r.offset),
      records.map((r) => r.key),
      records.map((r) => r.value),
      records.map((r) => r.errorCode),
      records.map((r) => r.message),
    ],
  );
}

interface DeadLetterRow {
  id: string;
  projection: string;
  version: number;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  error_code: string;
  message: string;
  attempts: number;
  status: DeadLetter['status'];
  first_seen: Date;
  last_seen: Date;
}

const toDeadLetter = (r: DeadLetterRow): DeadLetter => ({
  id: String(r.id),
  projection: r.projection,
  version: r.version,
  topic: r.topic,
  partition: r.partition,
  offset: String(r.offset),
  key: r.key,
  value: r.value,
  errorCode: r.error_code,
  message: r.message,
  attempts: r.attempts,
  status: r.status,
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
});

export interface DeadLetterFilter {
  readonly projection?: string;
  readonly status?: DeadLetter['status'] | 'ALL';
  readonly ids?: readonly string[];
  readonly key?: string;
}

/** Dead letters in log order (topic, partition, offset), the order a redrive must apply them in. */
export async function listDeadLetters(
  sql: SqlExecutor,
  filter: DeadLetterFilter = {},
): Promise<DeadLetter[]> {
  const rows = await sql.query<DeadLetterRow>(
    `select * from public.projection_dead_letters
     where ($1::text is null or projection = $1)
       and ($2::text = 'ALL' or status = $2)
       and ($3::bigint[] is null or id = any($3))
       and ($4::text is null or key = $4)
     order by projection, version, topic, partition, "offset"`,
    [
      filter.projection ?? null,
      filter.status ?? 'PARKED',
      filter.ids ? filter.ids.map(Number) : null,
      filter.key ?? null,
    ],
  );
  return rows.map(toDeadLetter);
}

export async function markDeadLetters(
  sql: SqlExecutor,
  ids: readonly string[],
  status: 'REDRIVEN' | 'DISCARDED',
): Promise<void> {
  await sql.query(
    `update public.projection_dead_letters set status = $2, last_seen = now() where id = any($1::bigint[])`,
    [ids.map(Number), status],
  );
}

export async function recordFailedAttempt(
  sql: SqlExecutor,
  id: string,
  errorCode: string,
  message: string,
): Promise<void> {
  await sql.query(
    `update public.projection_dead_letters set attempts = attempts + 1, last_seen = now(), error_code = $2, message = $3 where id = $1`,
    [Number(id), errorCode, message],
  );
}
import { SqlExecutor } from '@shopstream/database';

/** Deletes every dead letter of an instance (a sandbox being dropped). */
export async function deleteDeadLetters(sql: SqlExecutor, projection: string): Promise<void> {
  await sql.query('delete from public.projection_dead_letters where projection = $1', [projection]);
}

/** How many events each projection version has parked now. */
export async function countParked(
  sql: SqlExecutor,
): Promise<{ projection: string; version: number; parked: number }[]> {
  const rows = await sql.query<{ projection: string; version: number; count: string }>(
    `select projection, version, count(*) as count from public.projection_dead_letters
      where status = 'PARKED' group by projection, version`,
  );
  return rows.map((r) => ({ projection: r.projection, version: r.version, parked: Number(r.count) }));
}

/**
 * Gives a shadow's dead letters to the live instance it replaces. The live dead letters described the old tables;
 * the shadow parked (or applied) those same events again, so its dead letters are the ones that now match the
 * tables. Redriven and discarded history of live stays.
 */
export async function takeOverDeadLetters(
  sql: SqlExecutor,
  live: string,
  shadow: string,
  version: number,
): Promise<void> {
  await sql.query(
    `delete from public.projection_dead_letters l where l.projection = $1 and l.version = $3
       and (l.status = 'PARKED' or exists (select 1 from public.projection_dead_letters s
         where s.projection = $2 and s.version = $3 and s.topic = l.topic and s.partition = l.partition and s."offset" = l."offset"))`,
    [live, shadow, version],
  );
  await sql.query(
    'update public.projection_dead_letters set projection = $1 where projection = $2 and version = $3',
    [live, shadow, version],
  );
}
