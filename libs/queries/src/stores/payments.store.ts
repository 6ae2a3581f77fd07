import { SqlExecutor } from '@shopstream/database';
import { paymentsProjection } from '@shopstream/read-models';
import { ReadModelNames } from '../read-model-names/read-model-names';

export interface PaymentRow {
  readonly payment_id: string;
  readonly order_id: string;
  readonly status: string;
  readonly amount_minor: string | null;
  readonly currency: string;
  readonly refunded_minor: string;
  readonly failure_code: string | null;
  readonly failure_message: string | null;
  readonly authorized_at: Date | null;
  readonly captured_at: Date | null;
  readonly failed_at: Date | null;
  readonly refunded_at: Date | null;
  readonly updated_at: Date;
}

/** Reads payments: one row per payment. */
export class PaymentsStore {
  private readonly table: string;
  constructor(
    private readonly sql: SqlExecutor,
    names: ReadModelNames,
  ) {
    this.table = names.table(paymentsProjection, 'payments');
  }

  async find(paymentId: string): Promise<PaymentRow | null> {
    const [row] = await this.sql.query<PaymentRow>(
      `select payment_id, order_id, status, amount_minor, currency, refunded_minor, failure_code, failure_message,
              authorized_at, captured_at, failed_at, refunded_at, updated_at
       from ${this.table} where payment_id = $1`,
      [paymentId],
    );
    return row ?? null;
  }
}
