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
