import { OrdersEvent } from '@shopstream/events';
import { ProjectedEvent, ProjectionInvariantError } from '@shopstream/projections';
import { OrderStatus, STATUS_AFTER } from './order-status';

/**
 * What one batch changes in one order's summary row. Null means "this batch says nothing about it", so the write
 * keeps the stored value; that is why each field here folds with the same rule the upsert uses (latest non-null
 * wins, refunds add up, version and updated_at take the maximum): one batch or many give the same row.
 */
export interface OrderSummaryChange {
  orderId: string;
  customerId: string | null;
  status: OrderStatus;
  currency: string | null;
  subtotalMinor: number | null;
  shippingMinor: number | null;
  taxMinor: number | null;
  totalMinor: number | null;
  channel: string | null;
  lineCount: number | null;
  itemCount: number | null;
  placedAt: number | null;
  confirmedAt: number | null;
  rejectedAt: number | null;
  paidAt: number | null;
  shippedAt: number | null;
  deliveredAt: number | null;
  cancelledAt: number | null;
  refundedAt: number | null;
  rejectionReason: string | null;
  cancellationReason: string | null;
  cancelledBy: string | null;
  refundedMinor: number;
  version: number;
  updatedAt: number;
}

const blank = (orderId: string, first: OrdersEvent): OrderSummaryChange => ({
  orderId,
  customerId: null,
  status: STATUS_AFTER[first.type],
  currency: null,
  subtotalMinor: null,
  shippingMinor: null,
  taxMinor: null,
  totalMinor: null,
  channel: null,
  lineCount: null,
  itemCount: null,
  placedAt: null,
  confirmedAt: null,
  rejectedAt: null,
  paidAt: null,
  shippedAt: null,
  deliveredAt: null,
  cancelledAt: null,
  refundedAt: null,
  rejectionReason: null,
  cancellationReason: null,
  cancelledBy: null,
  refundedMinor: 0,
  version: first.metadata.aggregateVersion,
  updatedAt: first.metadata.occurredAt,
});

/** Folds a batch into one change per order, in log order. */
export function foldOrderSummaries(batch: readonly ProjectedEvent<OrdersEvent>[]): OrderSummaryChange[] {
  const changes = new Map<string, OrderSummaryChange>();
  for (const { event } of batch) {
    const change = changes.get(event.orderId) ?? blank(event.orderId, event);
    changes.set(event.orderId, change);
    const at = event.metadata.occurredAt;
    change.status = STATUS_AFTER[event.type];
    change.version = Math.max(change.version, event.metadata.aggregateVersion);
    change.updatedAt = Math.max(change.updatedAt, at);
    switch (event.type) {
      case 'shopstream.orders.OrderPlaced':
        change.customerId = event.customerId;
        change.currency = event.currency;
        change.subtotalMinor = event.totals.subtotalMinor;
        change.shippingMinor = event.totals.shippingMinor;
        change.taxMinor = event.totals.taxMinor;
        change.totalMinor = event.totals.totalMinor;
        change.channel = event.channel;
        change.lineCount = event.lines.length;
        change.itemCount = event.lines.reduce((sum, line) => sum + line.quantity, 0);
        change.placedAt = at;
        break;
      case 'shopstream.orders.OrderConfirmed':
        change.confirmedAt = at;
        break;
      case 'shopstream.orders.OrderRejected':
        change.rejectedAt = at;
        change.rejectionReason = event.reason;
        break;
      case 'shopstream.orders.OrderPaid':
        change.paidAt = at;
        // Only fills a gap: the currency of a placed order is the one it was placed in.
        change.currency ??= event.currency;
        break;
      case 'shopstream.orders.OrderShipped':
        change.shippedAt = at;
        break;
      case 'shopstream.orders.OrderDelivered':
        change.deliveredAt = at;
        break;
      case 'shopstream.orders.OrderCancelled':
        change.cancelledAt = at;
        change.cancellationReason = event.reason;
        change.cancelledBy = event.cancelledBy;
        break;
      case 'shopstream.orders.OrderRefunded':
        change.refundedAt = at;
        change.refundedMinor += event.amountMinor;
        change.currency ??= event.currency;
        break;
      default: {
        const unreachable: never = event;
        throw new ProjectionInvariantError(
          `order_summary does not handle ${(unreachable as { type: string }).type}`,
        );
      }
    }
  }
  return [...changes.values()];
}
