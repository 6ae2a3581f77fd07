import { SqlExecutor } from '@shopstream/database';
import { customerOrdersProjection } from '@shopstream/read-models';
import { ReadModelNames } from '../read-model-names/read-model-names';

export interface CustomerOrderRow {
  readonly order_id: string;
  readonly placed_at: Date;
  readonly status: string;
  readonly total_minor: string;
  readonly currency: string;
  readonly placed_key: string;
}

/** Reads customer_orders: each customer's orders. */
export class CustomerOrdersStore {
  private readonly table: string;
  constructor(
    private readonly sql: SqlExecutor,
    names: ReadModelNames,
  ) {
    this.table = names.table(customerOrdersProjection, 'customer_orders');
  }

  /** Newest first, one more than the limit. */
  list(
    customerId: string,
    status: string | null,
    after: readonly [string, string] | null,
    limit: number,
  ): Promise<CustomerOrderRow[]> {
    return this.sql.query<CustomerOrderRow>(
      `select order_id, placed_at, status, total_minor, currency, placed_at::text as placed_key
       from ${this.table}
       where customer_id = $1
         and ($2::text is null or status = $2)
         and ($3::timestamptz is null or (placed_at, order_id) < ($3::timestamptz, $4::text))
       order by placed_at desc, order_id desc
       limit $5`,
      [customerId, status, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
  }
}
