import type { CancelOrder } from './cancel-order/cancel-order.command';
import type { ConfirmOrder } from './confirm-order/confirm-order.command';
import type { DeliverOrder } from './deliver-order/deliver-order.command';
import type { ExpirePayment } from './expire-payment/expire-payment.command';
import type { PlaceOrder } from './place-order/place-order.command';
import type { RecordPaymentCaptured, RecordPaymentFailed } from './record-payment/record-payment.command';
import type { RefundOrder } from './refund-order/refund-order.command';
import type { RejectOrder } from './reject-order/reject-order.command';
import type { ShipOrder } from './ship-order/ship-order.command';

/** Everything that can be asked of an order; switch on `type`. */
export type OrderCommand =
  | PlaceOrder
  | ConfirmOrder
  | RejectOrder
  | RecordPaymentCaptured
  | RecordPaymentFailed
  | ExpirePayment
  | CancelOrder
  | ShipOrder
  | DeliverOrder
  | RefundOrder;

export type OrderCommandType = OrderCommand['type'];

// A Record so that a command added to the union without being listed here breaks the build.
const COMMAND_TYPES: Readonly<Record<OrderCommandType, true>> = {
  PlaceOrder: true,
  ConfirmOrder: true,
  RejectOrder: true,
  RecordPaymentCaptured: true,
  RecordPaymentFailed: true,
  ExpirePayment: true,
  CancelOrder: true,
  ShipOrder: true,
  DeliverOrder: true,
  RefundOrder: true,
};

export const ORDER_COMMAND_TYPES: readonly OrderCommandType[] = Object.keys(
  COMMAND_TYPES,
) as OrderCommandType[];
