import { SqlExecutor } from '@shopstream/database';
import { PaymentChange } from './payments.fold';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** One upsert for the whole batch; each set clause is the fold's rule for that column. */
export async function writePayments(sql: SqlExecutor, changes: readonly PaymentChange[]): Promise<void> {
  if (changes.length === 0) return;
  const column = <V>(pick: (c: PaymentChange) => V) => changes.map(pick);
  await sql.query(
    `insert into payments (
       payment_id, order_id, status, amount_minor, currency, refunded_minor, failure_code, failure_message,
       authorized_at, captured_at, failed_at, refunded_at, updated_at)
     select * from unnest(
       $1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::bigint[], $7::text[], $8::text[],
       $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[])
     on conflict (payment_id) do update set
       order_id = excluded.order_id,
       status = excluded.status,
       amount_minor = coalesce(excluded.amount_minor, payments.amount_minor),
       currency = excluded.currency,
       refunded_minor = payments.refunded_minor + excluded.refunded_minor,
       -- Code and message come from the same failure: a batch with a failure replaces both, a null message too.
       failure_code = case when excluded.failed_at is null then payments.failure_code else excluded.failure_code end,
       failure_message = case when excluded.failed_at is null then payments.failure_message
                              else excluded.failure_message end,
       authorized_at = coalesce(excluded.authorized_at, payments.authorized_at),
       captured_at = coalesce(excluded.captured_at, payments.captured_at),
       failed_at = coalesce(excluded.failed_at, payments.failed_at),
       refunded_at = coalesce(excluded.refunded_at, payments.refunded_at),
       updated_at = greatest(payments.updated_at, excluded.updated_at)`,
    [
      column((c) => c.paymentId),
      column((c) => c.orderId),
      column((c) => c.status),
      column((c) => c.amountMinor),
      column((c) => c.currency),
      column((c) => c.refundedMinor),
      column((c) => c.failureCode),
      column((c) => c.failureMessage),
      column((c) => iso(c.authorizedAt)),
      column((c) => iso(c.capturedAt)),
      column((c) => iso(c.failedAt)),
      column((c) => iso(c.refundedAt)),
      column((c) => iso(c.updatedAt)),
    ],
  );
}
