import { SqlExecutor } from '@shopstream/database';
import { IdempotencyInProgressError } from '../order-flow.errors';

/** The answer recorded for an Idempotency-Key, with the outbox rows of the events that answer emitted. */
export interface RecordedAnswer<R> {
  readonly requestHash: string;
  readonly result: R;
  readonly outboxIds: readonly string[];
}

/** How long a request waits for the first one with its Idempotency-Key to commit before answering "in progress". */
const IDEMPOTENCY_WAIT_MS = 5_000;
const LOCK_NOT_AVAILABLE = '55P03';
const KEY_LOCK = 'hashtextextended($1::text, 0)';

/** All the SQL on order_flow.idempotency_keys: the commands' stored answers, and retention's deletes. */
export class IdempotencyKeyStore {
  constructor(private readonly sql: SqlExecutor) {}

  /**
   * Takes the key's lock for the rest of the transaction, before the key is read: requests with one key run one at
   * a time, so a copy reads the answer the first one committed instead of deciding again against the state it
   * left. A copy waits for the first to commit, at most IDEMPOTENCY_WAIT_MS, then answers "in progress, retry".
   */
  async claim(key: string): Promise<void> {
    const [free] = await this.sql.query<{ taken: boolean }>(
      `select pg_try_advisory_xact_lock(${KEY_LOCK}) as taken`,
      [key],
    );
    if (free?.taken) return;
    const [setting] = await this.sql.query<{ previous: string }>(
      "select current_setting('lock_timeout') as previous, set_config('lock_timeout', $1, true)",
      [`${IDEMPOTENCY_WAIT_MS}ms`],
    );
    try {
      await this.sql.query(`select pg_advisory_xact_lock(${KEY_LOCK})`, [key]);
    } catch (error) {
      if ((error as { code?: unknown }).code === LOCK_NOT_AVAILABLE)
        throw new IdempotencyInProgressError(key);
      throw error;
    }
    await this.sql.query("select set_config('lock_timeout', $1, true)", [setting?.previous ?? '0']);
  }

  /**
   * claim() for many keys at once, without waiting: the keys whose lock was free are returned (and held for the
   * rest of the transaction); a key another transaction holds is left to claim() on its own.
   */
  async claimFree(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.sql.query<{ key: string; taken: boolean }>(
      `select k as key, pg_try_advisory_xact_lock(hashtextextended(k, 0)) as taken
       from unnest($1::text[]) as k`,
      [keys],
    );
    return new Set(rows.filter((r) => r.taken).map((r) => r.key));
  }

  /** find() for many keys in one round trip: the recorded answers, by key. */
  async findAll<R>(keys: readonly string[]): Promise<Map<string, RecordedAnswer<R>>> {
    if (keys.length === 0) return new Map();
    const rows = await this.sql.query<{ key: string; request_hash: string; result: R; outbox_ids: string[] }>(
      'select key, request_hash, result, outbox_ids from order_flow.idempotency_keys where key = any($1::text[])',
      [keys],
    );
    return new Map(
      rows.map((r) => [
        r.key,
        { requestHash: r.request_hash, result: r.result, outboxIds: r.outbox_ids.map(String) },
      ]),
    );
  }

  /** record() for many keys in one statement; returns the keys recorded (a key recorded before is left out). */
  async recordAll<R>(answers: ReadonlyMap<string, RecordedAnswer<R>>): Promise<Set<string>> {
    if (answers.size === 0) return new Set();
    const entries = [...answers];
    const rows = await this.sql.query<{ key: string }>(
      `insert into order_flow.idempotency_keys (key, request_hash, result, outbox_ids)
       select k, h, r, string_to_array(o, ',')::bigint[] from unnest($1::text[], $2::text[], $3::jsonb[], $4::text[]) as u(k, h, r, o)
       on conflict (key) do nothing returning key`,
      [
        entries.map(([key]) => key),
        entries.map(([, a]) => a.requestHash),
        entries.map(([, a]) => JSON.stringify(a.result)),
        entries.map(([, a]) => a.outboxIds.join(',')),
      ],
    );
    return new Set(rows.map((r) => r.key));
  }

  async find<R>(key: string): Promise<RecordedAnswer<R> | null> {
    const [row] = await this.sql.query<{ request_hash: string; result: R; outbox_ids: string[] }>(
      'select request_hash, result, outbox_ids from order_flow.idempotency_keys where key = $1',
      [key],
    );
    return row
      ? { requestHash: row.request_hash, result: row.result, outboxIds: row.outbox_ids.map(String) }
      : null;
  }

  /** Records the answer; false when a concurrent request with the same key recorded one first. */
  async record<R>(key: string, answer: RecordedAnswer<R>): Promise<boolean> {
    const inserted = await this.sql.query(
      `insert into order_flow.idempotency_keys (key, request_hash, result, outbox_ids) values ($1, $2, $3, $4)
       on conflict (key) do nothing returning key`,
      [key, answer.requestHash, JSON.stringify(answer.result), answer.outboxIds],
    );
    return inserted.length > 0;
  }

  /**
   * Deletes up to `limit` keys recorded before `before`: a retry after that gets no stored answer and runs the
   * command again, so `before` is the replay window ago. `keyPrefix` narrows it (tests scope it to their own keys).
   */
  async deleteCreatedBefore(before: Date, limit: number, keyPrefix?: string): Promise<number> {
    const [row] = await this.sql.query<{ n: number }>(
      `with gone as (
         delete from order_flow.idempotency_keys where ctid in (
           select ctid from order_flow.idempotency_keys
           where created_at < $1 and ($3::text is null or left(key, length($3)) = $3)
           order by created_at limit $2)
         returning 1)
       select count(*)::int as n from gone`,
      [before, limit, keyPrefix ?? null],
    );
    return row?.n ?? 0;
  }
}
