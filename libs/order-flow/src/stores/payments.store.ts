import { SqlExecutor } from '@shopstream/database';

export interface PaymentRow {
  readonly paymentId: string;
  readonly orderId: string;
  readonly status: string;
  readonly version: number;
}

/** All the SQL on order_flow.payments: the provider's payment as an aggregate, so its events carry a version sequence. */
export class PaymentStore {
  constructor(private readonly sql: SqlExecutor) {}

  async lock(paymentId: string): Promise<PaymentRow | null> {
    const [row] = await this.sql.query<{
      payment_id: string;
      order_id: string;
      status: string;
      version: number;
    }>(
      'select payment_id, order_id, status, version from order_flow.payments where payment_id = $1 for update',
      [paymentId],
    );
    return row
      ? { paymentId: row.payment_id, orderId: row.order_id, status: row.status, version: row.version }
      : null;
  }

  async save(row: PaymentRow): Promise<void> {
    await this.sql.query(
      `insert into order_flow.payments (payment_id, order_id, status, version) values ($1, $2, $3, $4)
       on conflict (payment_id) do update set status = excluded.status, version = excluded.version, updated_at = now()`,
      [row.paymentId, row.orderId, row.status, row.version],
    );
  }
}
