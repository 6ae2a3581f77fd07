/** Retention's SQL on order_flow.idempotency_keys (the commands read and record keys in their own transaction). */
export class IdempotencyKeyStore {
  constructor(private readonly sql: SqlExecutor) {}

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
import { SqlExecutor } from '@shopstream/database';
