import { SqlExecutor } from '@shopstream/database';
import { orderSummaryProjection } from '@shopstream/read-models';
import { ReadModelNames } from '../read-model-names/read-model-names';

export interface OrderSummaryRow {
  readonly order_id: string;
  readonly customer_id: string | null;
  readonly status: string;
  readonly currency: string | null;
  readonly subtotal_minor: string | null;
  readonly shipping_minor: string | null;
  readonly tax_minor: string | null;
  readonly total_minor: string | null;
  readonly refunded_minor: string;
  readonly channel: string | null;
  readonly item_count: number | null;
  readonly placed_at: Date | null;
  readonly confirmed_at: Date | null;
  readonly rejected_at: Date | null;
  readonly paid_at: Date | null;
  readonly shipped_at: Date | null;
  readonly delivered_at: Date | null;
  readonly cancelled_at: Date | null;
  readonly refunded_at: Date | null;
  readonly rejection_reason: string | null;
  readonly cancellation_reason: string | null;
  readonly version: number;
  readonly updated_at: Date;
  /** placed_at at full precision, for a cursor. */
  readonly placed_key: string;
}

export interface OrderListFilter {
  readonly status: string | null;
  readonly placedFrom: Date | null;
  readonly placedTo: Date | null;
  /** Sort key of the last row of the previous page: [placed_at, order_id]. */
  readonly after: readonly [string, string] | null;
  readonly limit: number;
}

const COLUMNS = `order_id, customer_id, status, currency, subtotal_minor, shipping_minor, tax_minor, total_minor,
  refunded_minor, channel, item_count, placed_at, confirmed_at, rejected_at, paid_at, shipped_at, delivered_at,
  cancelled_at, refunded_at, rejection_reason, cancellation_reason, version, updated_at, placed_at::text as placed_key`;

/** Reads order_summary: one row per order. */
export class OrderSummaryStore {
  private readonly table: string;
  constructor(
    private readonly sql: SqlExecutor,
    names: ReadModelNames,
  ) {
    this.table = names.table(orderSummaryProjection, 'order_summary');
  }

  async find(orderId: string): Promise<OrderSummaryRow | null> {
    const [row] = await this.sql.query<OrderSummaryRow>(
      `select ${COLUMNS} from ${this.table} where order_id = $1`,
      [orderId],
    );
    return row ?? null;
  }

  /** Placed orders, newest first, one more than the limit; an order whose placement was never seen is left out. */
  list(filter: OrderListFilter): Promise<OrderSummaryRow[]> {
    return this.sql.query<OrderSummaryRow>(
      `select ${COLUMNS} from ${this.table}
       where placed_at is not null
         and ($1::text is null or status = $1)
         and ($2::timestamptz is null or placed_at >= $2)
         and ($3::timestamptz is null or placed_at < $3)
         and ($4::timestamptz is null or (placed_at, order_id) < ($4::timestamptz, $5::text))
       order by placed_at desc, order_id desc
       limit $6`,
      [
        filter.status,
        filter.placedFrom,
        filter.placedTo,
        filter.after?.[0] ?? null,
        filter.after?.[1] ?? null,
        filter.limit + 1,
      ],
    );
  }
}
