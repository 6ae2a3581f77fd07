import type { OrderCommandType } from './order.commands';
import { refundableMinor, type OrderState, type OrderStatus } from './order.state';
import { IllegalOrderTransitionError } from './orders.errors';

/*
 * The transition table, the one place that says which command each status accepts. RecordPaymentCaptured is
 * accepted from CONFIRMED only, not PENDING: PAID must mean "stock reserved", because ShipOrder trusts it.
 * Payment is requested once OrderConfirmed is out, so a capture seen on a PENDING order is out-of-order
 * delivery: the processor gets a typed error and retries it once the confirmation has been applied. Failure,
 * timeout and cancellation are accepted from PENDING too, since ending an unpaid order is always safe.
 */
const ALLOWED: Readonly<Record<OrderStatus, readonly OrderCommandType[]>> = {
  PENDING: ['ConfirmOrder', 'RejectOrder', 'RecordPaymentFailed', 'ExpirePayment', 'CancelOrder'],
  CONFIRMED: ['RecordPaymentCaptured', 'RecordPaymentFailed', 'ExpirePayment', 'CancelOrder'],
  PAID: ['CancelOrder', 'ShipOrder'],
  SHIPPED: ['DeliverOrder'],
  DELIVERED: ['RefundOrder'],
  // Only when the cancelled order was paid: see allowedCommandsFor.
  CANCELLED: ['RefundOrder'],
  REJECTED: [],
  REFUNDED: [],
};

/** The commands a status can accept at all. PlaceOrder is never among them: it is for an order that doesn't exist. */
export function allowedCommands(status: OrderStatus): readonly OrderCommandType[] {
  return ALLOWED[status];
}

/**
 * The commands this order accepts now: the status table, narrowed by what the status alone doesn't tell (a
 * cancelled order takes a refund only while one is due). Null (no order yet) accepts PlaceOrder only.
 */
export function allowedCommandsFor(state: OrderState | null): readonly OrderCommandType[] {
  if (state === null) return ['PlaceOrder'];
  return allowedCommands(state.status).filter((command) => command !== 'RefundOrder' || canRefund(state));
}

/** Throws IllegalOrderTransitionError unless `state` accepts `command` now. */
export function assertCommandAllowed(state: OrderState, command: OrderCommandType): void {
  const allowed = allowedCommandsFor(state);
  if (allowed.includes(command)) return;
  const why =
    command === 'RefundOrder' && state.status === 'CANCELLED'
      ? 'the order was cancelled before it was paid, so no refund is due'
      : undefined;
  throw new IllegalOrderTransitionError(state.orderId, state.status, command, allowed, why);
}

function canRefund(state: OrderState): boolean {
  const due = state.status === 'DELIVERED' || (state.status === 'CANCELLED' && state.refundDue);
  return due && refundableMinor(state) > 0;
}
