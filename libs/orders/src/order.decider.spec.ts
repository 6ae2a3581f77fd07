import type { OrdersEvent } from '@shopstream/events';
import { allowedCommands, allowedCommandsFor } from './allowed-commands';
import {
  expectedMetadata,
  ORDER_ID,
  orderIn,
  PATH_TO,
  placeOrder,
  sampleCommands,
  testContext,
  TOTAL_MINOR,
} from './order.fixtures';
import { ORDER_COMMAND_TYPES, type OrderCommandType } from './order.commands';
import { decide } from './order.decider';
import { ORDER_STATUSES, type OrderState } from './order.state';
import { IllegalOrderTransitionError, OrderError, type OrderErrorCode } from './orders.errors';

// Distributes over the union, so each literal is checked against its own event type.
type WithoutMetadata<E> = E extends unknown ? Omit<E, 'metadata'> : never;
type EventBody = WithoutMetadata<OrdersEvent>;
type Expectation = { readonly emits: EventBody } | { readonly throws: OrderErrorCode };
type Row = keyof typeof PATH_TO | 'NONE';

const emits = (body: EventBody): Expectation => ({ emits: body });
const ILLEGAL: Expectation = { throws: 'ORDER_ILLEGAL_TRANSITION' };
const EXISTS: Expectation = { throws: 'ORDER_ALREADY_EXISTS' };
const NOT_FOUND: Expectation = { throws: 'ORDER_NOT_FOUND' };

const placed = emits({
  type: 'shopstream.orders.OrderPlaced',
  orderId: ORDER_ID,
  customerId: 'customer-1',
  currency: 'EUR',
  lines: placeOrder.lines,
  totals: { subtotalMinor: 3000, shippingMinor: 490, taxMinor: 600, totalMinor: TOTAL_MINOR },
  shippingAddress: placeOrder.shippingAddress,
  channel: 'WEB',
});
const confirmed = emits({ type: 'shopstream.orders.OrderConfirmed', orderId: ORDER_ID });
const rejected = emits({
  type: 'shopstream.orders.OrderRejected',
  orderId: ORDER_ID,
  reason: 'OUT_OF_STOCK',
  detail: 'SKU-A short by 1',
});
const paid = emits({
  type: 'shopstream.orders.OrderPaid',
  orderId: ORDER_ID,
  amountMinor: TOTAL_MINOR,
  currency: 'EUR',
  paymentId: 'pay-1',
});
const cancelled = (
  reason: 'PAYMENT_FAILED' | 'PAYMENT_TIMEOUT' | 'CUSTOMER_REQUEST',
  refundDue: boolean,
): Expectation =>
  emits({
    type: 'shopstream.orders.OrderCancelled',
    orderId: ORDER_ID,
    reason,
    cancelledBy: reason === 'CUSTOMER_REQUEST' ? 'CUSTOMER' : 'SYSTEM',
    refundDue,
  });
const shipped = emits({
  type: 'shopstream.orders.OrderShipped',
  orderId: ORDER_ID,
  shipmentId: 'ship-1',
  carrier: 'DHL',
  trackingNumber: 'TN-1',
});
const delivered = emits({
  type: 'shopstream.orders.OrderDelivered',
  orderId: ORDER_ID,
  shipmentId: 'ship-1',
});
const refunded = emits({
  type: 'shopstream.orders.OrderRefunded',
  orderId: ORDER_ID,
  amountMinor: 1000,
  currency: 'EUR',
  reason: 'returned SKU-B',
});

/** The whole state machine, written out: every (status, command) pair and its outcome. */
const MATRIX: Readonly<Record<Row, Readonly<Record<OrderCommandType, Expectation>>>> = {
  NONE: {
    PlaceOrder: placed,
    ConfirmOrder: NOT_FOUND,
    RejectOrder: NOT_FOUND,
    RecordPaymentCaptured: NOT_FOUND,
    RecordPaymentFailed: NOT_FOUND,
    ExpirePayment: NOT_FOUND,
    CancelOrder: NOT_FOUND,
    ShipOrder: NOT_FOUND,
    DeliverOrder: NOT_FOUND,
    RefundOrder: NOT_FOUND,
  },
  PENDING: {
    PlaceOrder: EXISTS,
    ConfirmOrder: confirmed,
    RejectOrder: rejected,
    RecordPaymentCaptured: ILLEGAL,
    RecordPaymentFailed: cancelled('PAYMENT_FAILED', false),
    ExpirePayment: cancelled('PAYMENT_TIMEOUT', false),
    CancelOrder: cancelled('CUSTOMER_REQUEST', false),
    ShipOrder: ILLEGAL,
    DeliverOrder: ILLEGAL,
    RefundOrder: ILLEGAL,
  },
  CONFIRMED: {
    PlaceOrder: EXISTS,
    ConfirmOrder: ILLEGAL,
    RejectOrder: ILLEGAL,
    RecordPaymentCaptured: paid,
    RecordPaymentFailed: cancelled('PAYMENT_FAILED', false),
    ExpirePayment: cancelled('PAYMENT_TIMEOUT', false),
    CancelOrder: cancelled('CUSTOMER_REQUEST', false),
    ShipOrder: ILLEGAL,
    DeliverOrder: ILLEGAL,
    RefundOrder: ILLEGAL,
  },
  REJECTED: {
    PlaceOrder: EXISTS,
    ConfirmOrder: ILLEGAL,
    RejectOrder: ILLEGAL,
    RecordPaymentCaptured: ILLEGAL,
    RecordPaymentFailed: ILLEGAL,
    ExpirePayment: ILLEGAL,
    CancelOrder: ILLEGAL,
    ShipOrder: ILLEGAL,
    DeliverOrder: ILLEGAL,
    RefundOrder: ILLEGAL,
  },
  PAID: {
    PlaceOrder: EXISTS,
    ConfirmOrder: ILLEGAL,
    RejectOrder: ILLEGAL,
    RecordPaymentCaptured: ILLEGAL,
    RecordPaymentFailed: ILLEGAL,
    ExpirePayment: ILLEGAL,
    CancelOrder: cancelled('CUSTOMER_REQUEST', true),
    ShipOrder: shipped,
    DeliverOrder: ILLEGAL,
    RefundOrder: ILLEGAL,
  },
  SHIPPED: {
    PlaceOrder: EXISTS,
    ConfirmOrder: ILLEGAL,
    RejectOrder: ILLEGAL,
    RecordPaymentCaptured: ILLEGAL,
    RecordPaymentFailed: ILLEGAL,
    ExpirePayment: ILLEGAL,
    CancelOrder: ILLEGAL,
    ShipOrder: ILLEGAL,
    DeliverOrder: delivered,
    RefundOrder: ILLEGAL,
  },
  DELIVERED: {
    PlaceOrder: EXISTS,
    ConfirmOrder: ILLEGAL,
    RejectOrder: ILLEGAL,
    RecordPaymentCaptured: ILLEGAL,
    RecordPaymentFailed: ILLEGAL,
    ExpirePayment: ILLEGAL,
    CancelOrder: ILLEGAL,
    ShipOrder: ILLEGAL,
    DeliverOrder: ILLEGAL,
    RefundOrder: refunded,
  },
  CANCELLED: {
    PlaceOrder: EXISTS,
    ConfirmOrder: ILLEGAL,
    RejectOrder: ILLEGAL,
    RecordPaymentCaptured: ILLEGAL,
    RecordPaymentFailed: ILLEGAL,
    ExpirePayment: ILLEGAL,
    CancelOrder: ILLEGAL,
    ShipOrder: ILLEGAL,
    DeliverOrder: ILLEGAL,
    RefundOrder: refunded,
  },
  CANCELLED_UNPAID: {
    PlaceOrder: EXISTS,
    ConfirmOrder: ILLEGAL,
    RejectOrder: ILLEGAL,
    RecordPaymentCaptured: ILLEGAL,
    RecordPaymentFailed: ILLEGAL,
    ExpirePayment: ILLEGAL,
    CancelOrder: ILLEGAL,
    ShipOrder: ILLEGAL,
    DeliverOrder: ILLEGAL,
    RefundOrder: ILLEGAL,
  },
  REFUNDED: {
    PlaceOrder: EXISTS,
    ConfirmOrder: ILLEGAL,
    RejectOrder: ILLEGAL,
    RecordPaymentCaptured: ILLEGAL,
    RecordPaymentFailed: ILLEGAL,
    ExpirePayment: ILLEGAL,
    CancelOrder: ILLEGAL,
    ShipOrder: ILLEGAL,
    DeliverOrder: ILLEGAL,
    RefundOrder: ILLEGAL,
  },
};

const stateOf = (row: Row): OrderState | null => (row === 'NONE' ? null : orderIn(row));

const cases = (Object.keys(MATRIX) as Row[]).flatMap((row) =>
  ORDER_COMMAND_TYPES.map((command) => [row, command, MATRIX[row][command]] as const),
);

describe('decide: every status x every command', () => {
  it('covers every status and every command', () => {
    const rows = Object.keys(MATRIX);
    for (const status of ORDER_STATUSES) expect(rows).toContain(status);
    expect(cases).toHaveLength(rows.length * ORDER_COMMAND_TYPES.length);
  });

  it.each(cases)('%s + %s', (row, commandType, expectation) => {
    const state = stateOf(row);
    const attempt = (): OrdersEvent[] => decide(state, sampleCommands[commandType], testContext());

    if ('emits' in expectation) {
      expect(attempt()).toEqual([
        { ...expectation.emits, metadata: expectedMetadata((state?.version ?? 0) + 1) },
      ]);
      return;
    }
    let thrown: unknown;
    try {
      attempt();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OrderError);
    expect((thrown as OrderError).code).toBe(expectation.throws);
    if (thrown instanceof IllegalOrderTransitionError && state !== null) {
      expect(thrown.currentStatus).toBe(state.status);
      expect(thrown.command).toBe(commandType);
      expect(thrown.allowed).toEqual(allowedCommandsFor(state));
      for (const allowed of thrown.allowed) expect(thrown.message).toContain(allowed);
    }
  });
});

describe('allowedCommands', () => {
  it('lists what each status accepts, and PlaceOrder for none', () => {
    expect(Object.fromEntries(ORDER_STATUSES.map((status) => [status, allowedCommands(status)]))).toEqual({
      PENDING: ['ConfirmOrder', 'RejectOrder', 'RecordPaymentFailed', 'ExpirePayment', 'CancelOrder'],
      CONFIRMED: ['RecordPaymentCaptured', 'RecordPaymentFailed', 'ExpirePayment', 'CancelOrder'],
      PAID: ['CancelOrder', 'ShipOrder'],
      SHIPPED: ['DeliverOrder'],
      DELIVERED: ['RefundOrder'],
      CANCELLED: ['RefundOrder'],
      REJECTED: [],
      REFUNDED: [],
    });
    expect(allowedCommandsFor(null)).toEqual(['PlaceOrder']);
  });

  it('offers a refund on a cancelled order only while one is due', () => {
    expect(allowedCommandsFor(orderIn('CANCELLED'))).toEqual(['RefundOrder']);
    expect(allowedCommandsFor(orderIn('CANCELLED_UNPAID'))).toEqual([]);
  });

  it('says in the error what the status allows, or that it is final', () => {
    expect(() => decide(orderIn('DELIVERED'), sampleCommands.CancelOrder, testContext())).toThrow(
      'Order order-1 is DELIVERED: CancelOrder is not allowed. From DELIVERED the order accepts: RefundOrder.',
    );
    expect(() => decide(orderIn('REJECTED'), sampleCommands.CancelOrder, testContext())).toThrow(
      'REJECTED is final: the order accepts no command.',
    );
    expect(() => decide(orderIn('CANCELLED_UNPAID'), sampleCommands.RefundOrder, testContext())).toThrow(
      'no refund is due',
    );
  });
});
