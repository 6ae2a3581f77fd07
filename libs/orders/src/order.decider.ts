import type { OrdersEvent } from '@shopstream/events';
import { assertNever } from './assert-never';
import { decideCancelOrder } from './cancel-order/cancel-order.decider';
import { decideConfirmOrder } from './confirm-order/confirm-order.decider';
import { decideDeliverOrder } from './deliver-order/deliver-order.decider';
import type { EventContext } from './event-context';
import { decideExpirePayment } from './expire-payment/expire-payment.decider';
import type { OrderCommand } from './order.commands';
import type { OrderState } from './order.state';
import { OrderAlreadyExistsError, OrderNotFoundError } from './orders.errors';
import { decidePlaceOrder } from './place-order/place-order.decider';
import {
  decideRecordPaymentCaptured,
  decideRecordPaymentFailed,
} from './record-payment/record-payment.decider';
import { decideRefundOrder } from './refund-order/refund-order.decider';
import { decideRejectOrder } from './reject-order/reject-order.decider';
import { decideShipOrder } from './ship-order/ship-order.decider';

/** An event of the orders topic, as decide emits it. */
export type OrderEvent = OrdersEvent;

/**
 * Decides what a command does to an order: the events to append, or a thrown OrderError. The order's existence
 * is checked first, then its status (IllegalOrderTransitionError), then the command's own data, so an API gets
 * 404, then 409, then 422 in that order of precedence.
 */
export function decide(state: OrderState | null, command: OrderCommand, ctx: EventContext): OrderEvent[] {
  if (command.type === 'PlaceOrder') {
    if (state !== null) throw new OrderAlreadyExistsError(command.orderId);
    return decidePlaceOrder(command, ctx);
  }
  if (state === null) throw new OrderNotFoundError(command.orderId, command.type);
  switch (command.type) {
    case 'ConfirmOrder':
      return decideConfirmOrder(state, command, ctx);
    case 'RejectOrder':
      return decideRejectOrder(state, command, ctx);
    case 'RecordPaymentCaptured':
      return decideRecordPaymentCaptured(state, command, ctx);
    case 'RecordPaymentFailed':
      return decideRecordPaymentFailed(state, command, ctx);
    case 'ExpirePayment':
      return decideExpirePayment(state, command, ctx);
    case 'CancelOrder':
      return decideCancelOrder(state, command, ctx);
    case 'ShipOrder':
      return decideShipOrder(state, command, ctx);
    case 'DeliverOrder':
      return decideDeliverOrder(state, command, ctx);
    case 'RefundOrder':
      return decideRefundOrder(state, command, ctx);
    default:
      return assertNever(command);
  }
}
