import { Queryable } from './read-snapshot';

/** What an order channel carries: the order's status and the time it reached each status. */
export interface OrderData {
  readonly orderId: string;
  readonly customerId: string | null;
  readonly status: string;
  readonly currency: string | null;
  readonly totalMinor: number | null;
  readonly refundedMinor: number;
  readonly placedAt: string | null;
  readonly confirmedAt: string | null;
  readonly rejectedAt: string | null;
  readonly paidAt: string | null;
  readonly shippedAt: string | null;
  readonly deliveredAt: string | null;
  readonly cancelledAt: string | null;
  readonly refundedAt: string | null;
  readonly rejectionReason: string | null;
  readonly cancellationReason: string | null;
  readonly updatedAt: string;
}

interface OrderRow {
  order_id: string;
  customer_id: string | null;
  status: string;
  currency: string | null;
  total_minor: string | null;
  refunded_minor: string;
  placed_at: Date | null;
  confirmed_at: Date | null;
  rejected_at: Date | null;
  paid_at: Date | null;
  shipped_at: Date | null;
  delivered_at: Date | null;
  cancelled_at: Date | null;
  refunded_at: Date | null;
  rejection_reason: string | null;
  cancellation_reason: string | null;
  updated_at: Date;
}

const time = (d: Date | null) => (d === null ? null : d.toISOString());

const toData = (r: OrderRow): OrderData => ({
  orderId: r.order_id,
  customerId: r.customer_id,
  status: r.status,
  currency: r.currency,
  totalMinor: r.total_minor === null ? null : Number(r.total_minor),
  refundedMinor: Number(r.refunded_minor),
  placedAt: time(r.placed_at),
  confirmedAt: time(r.confirmed_at),
  rejectedAt: time(r.rejected_at),
  paidAt: time(r.paid_at),
  shippedAt: time(r.shipped_at),
  deliveredAt: time(r.delivered_at),
  cancelledAt: time(r.cancelled_at),
  refundedAt: time(r.refunded_at),
  rejectionReason: r.rejection_reason,
  cancellationReason: r.cancellation_reason,
  updatedAt: r.updated_at.toISOString(),
});

const COLUMNS = `order_id, customer_id, status, currency, total_minor, refunded_minor, placed_at, confirmed_at,
  rejected_at, paid_at, shipped_at, delivered_at, cancelled_at, refunded_at, rejection_reason, cancellation_reason,
  updated_at`;

/** Reads the order_summary view of the read models; the order_summary projection owns and writes it. */
export class OrderSummaryStore {
  constructor(private readonly viewsSchema: string) {}

  /** A customer's orders, newest first, at most `limit`. */
  async byCustomer(client: Queryable, customerId: string, limit: number): Promise<OrderData[]> {
    const { rows } = await client.query<OrderRow>(
      `select ${COLUMNS} from ${this.table()} where customer_id = $1 order by placed_at desc nulls last limit $2`,
      [customerId, limit],
    );
    return rows.map(toData);
  }

  async byIds(client: Queryable, orderIds: readonly string[]): Promise<OrderData[]> {
    const { rows } = await client.query<OrderRow>(
      `select ${COLUMNS} from ${this.table()} where order_id = any($1::text[])`,
      [orderIds],
    );
    return rows.map(toData);
  }

  private table(): string {
    return `"${this.viewsSchema.replace(/"/g, '""')}".order_summary`;
  }
}
