// Test fixtures shared by the orders specs; not exported from index.ts.
import type { EventMetadata, OrdersEvent } from '@shopstream/events';
import type { EventContext } from './event-context';
import type { OrderCommand } from './order.commands';
import { decide } from './order.decider';
import { evolveAll } from './order.evolve';
import type { OrderState, OrderStatus } from './order.state';
import type { PlaceOrder } from './place-order/place-order.command';

export const ORDER_ID = 'order-1';
export const NOW = 1_750_000_000_000;

/** A context whose event ids count up (evt-1, evt-2, ...), so expected metadata is exact. */
export function testContext(overrides: Partial<EventContext> = {}): EventContext {
  let next = 0;
  return {
    now: NOW,
    newEventId: () => `evt-${++next}`,
    correlationId: 'corr-1',
    causationId: null,
    producer: 'order-processor',
    ...overrides,
  };
}

export function expectedMetadata(aggregateVersion: number, eventId = 'evt-1'): EventMetadata {
  return {
    eventId,
    occurredAt: NOW,
    aggregateId: ORDER_ID,
    aggregateVersion,
    correlationId: 'corr-1',
    causationId: null,
    producer: 'order-processor',
  };
}

/** Two lines, 2 x 1250 + 1 x 500 = 3000; + 490 shipping + 600 tax = 4090. */
export const placeOrder: PlaceOrder = {
  type: 'PlaceOrder',
  orderId: ORDER_ID,
  customerId: 'customer-1',
  currency: 'EUR',
  lines: [
    { sku: 'SKU-A', quantity: 2, unitPriceMinor: 1250 },
    { sku: 'SKU-B', quantity: 1, unitPriceMinor: 500 },
  ],
  shippingAddress: {
    name: 'Ada Lovelace',
    line1: '12 St James Square',
    line2: null,
    city: 'London',
    postalCode: 'SW1Y 4JH',
    country: 'GB',
  },
  channel: 'WEB',
  shippingMinor: 490,
  taxMinor: 600,
};
export const TOTAL_MINOR = 4090;

/** One valid example of every command, matching the fixture order. */
export const sampleCommands = {
  PlaceOrder: placeOrder,
  ConfirmOrder: { type: 'ConfirmOrder', orderId: ORDER_ID },
  RejectOrder: { type: 'RejectOrder', orderId: ORDER_ID, reason: 'OUT_OF_STOCK', detail: 'SKU-A short by 1' },
  RecordPaymentCaptured: {
    type: 'RecordPaymentCaptured',
    orderId: ORDER_ID,
    paymentId: 'pay-1',
    amountMinor: TOTAL_MINOR,
    currency: 'EUR',
  },
  RecordPaymentFailed: { type: 'RecordPaymentFailed', orderId: ORDER_ID, paymentId: 'pay-1' },
  ExpirePayment: { type: 'ExpirePayment', orderId: ORDER_ID },
  CancelOrder: { type: 'CancelOrder', orderId: ORDER_ID, by: 'CUSTOMER', reason: 'CUSTOMER_REQUEST' },
  ShipOrder: {
    type: 'ShipOrder',
    orderId: ORDER_ID,
    shipmentId: 'ship-1',
    carrier: 'DHL',
    trackingNumber: 'TN-1',
  },
  DeliverOrder: { type: 'DeliverOrder', orderId: ORDER_ID, shipmentId: 'ship-1' },
  RefundOrder: { type: 'RefundOrder', orderId: ORDER_ID, amountMinor: 1000, reason: 'returned SKU-B' },
} as const satisfies { [K in OrderCommand['type']]: Extract<OrderCommand, { type: K }> };

/** Runs commands through decide and evolve, returning the history and the final state. */
export function run(
  commands: readonly OrderCommand[],
  from: OrderState | null = null,
): { state: OrderState | null; events: OrdersEvent[] } {
  let state = from;
  const events: OrdersEvent[] = [];
  for (const command of commands) {
    const emitted = decide(state, command, testContext());
    events.push(...emitted);
    state = evolveAll(emitted, state);
  }
  return { state, events };
}

/** The commands that bring a fresh order to each status (CANCELLED: cancelled while PAID, so a refund is due). */
export const PATH_TO: Readonly<Record<OrderStatus | 'CANCELLED_UNPAID', readonly OrderCommand[]>> = {
  PENDING: [placeOrder],
  CONFIRMED: [placeOrder, sampleCommands.ConfirmOrder],
  REJECTED: [placeOrder, sampleCommands.RejectOrder],
  PAID: [placeOrder, sampleCommands.ConfirmOrder, sampleCommands.RecordPaymentCaptured],
  SHIPPED: [
    placeOrder,
    sampleCommands.ConfirmOrder,
    sampleCommands.RecordPaymentCaptured,
    sampleCommands.ShipOrder,
  ],
  DELIVERED: [
    placeOrder,
    sampleCommands.ConfirmOrder,
    sampleCommands.RecordPaymentCaptured,
    sampleCommands.ShipOrder,
    sampleCommands.DeliverOrder,
  ],
  CANCELLED: [
    placeOrder,
    sampleCommands.ConfirmOrder,
    sampleCommands.RecordPaymentCaptured,
    sampleCommands.CancelOrder,
  ],
  CANCELLED_UNPAID: [placeOrder, sampleCommands.CancelOrder],
  REFUNDED: [
    placeOrder,
    sampleCommands.ConfirmOrder,
    sampleCommands.RecordPaymentCaptured,
    sampleCommands.CancelOrder,
    { type: 'RefundOrder', orderId: ORDER_ID, amountMinor: TOTAL_MINOR, reason: null },
  ],
};

export function orderIn(status: keyof typeof PATH_TO): OrderState {
  const { state } = run(PATH_TO[status]);
  if (state === null) throw new Error('fixture produced no order');
  return state;
}
