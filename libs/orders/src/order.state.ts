import type {
  Address,
  CancellationReason,
  CancelledBy,
  OrderLine,
  OrderRejectionReason,
  OrderTotals,
  SalesChannel,
} from '@shopstream/events';

export const ORDER_STATUSES = [
  'PENDING',
  'CONFIRMED',
  'REJECTED',
  'PAID',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
  'REFUNDED',
] as const;

/**
 * PENDING: placed, stock not reserved yet. CONFIRMED: stock reserved, waiting for payment. PAID, SHIPPED,
 * DELIVERED follow. REJECTED, CANCELLED (unless a refund is due) and REFUNDED (everything paid was returned) are
 * final.
 */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The state of one order, folded from its events by `evolve`. */
export interface OrderState {
  readonly orderId: string;
  readonly customerId: string;
  readonly status: OrderStatus;
  readonly currency: string;
  readonly channel: SalesChannel;
  readonly lines: readonly OrderLine[];
  readonly totals: OrderTotals;
  readonly shippingAddress: Address;
  /** Captured, in minor units of `currency`. */
  readonly paidMinor: number;
  /** Returned so far; never more than `paidMinor`. */
  readonly refundedMinor: number;
  /** Set by a cancellation of a paid order: a refund must follow. */
  readonly refundDue: boolean;
  readonly paymentId: string | null;
  readonly shipmentId: string | null;
  readonly carrier: string | null;
  readonly trackingNumber: string | null;
  readonly cancellation: { readonly reason: CancellationReason; readonly by: CancelledBy } | null;
  readonly rejection: { readonly reason: OrderRejectionReason; readonly detail: string | null } | null;
  readonly placedAt: number;
  readonly updatedAt: number;
  /** aggregateVersion of the last event folded in; the next event gets version + 1. */
  readonly version: number;
}

/** What can still be returned to the customer. */
export function refundableMinor(state: OrderState): number {
  return state.paidMinor - state.refundedMinor;
}
