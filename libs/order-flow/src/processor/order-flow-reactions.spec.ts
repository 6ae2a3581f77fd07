import { EventMetadata, EventOfType, ShopstreamEvent } from '@shopstream/events';
import * as inventory from '@shopstream/inventory';
import * as orders from '@shopstream/orders';
import { JournaledMap } from './journaled-map';
import { react, Reaction, Trigger, WorkingSet } from './order-flow-reactions';

// Given a history of the order and the stock, when one event happens, then react() answers and changes the set.

const ORDER_ID = 'order-1';
const PAYMENT_ID = 'pay-1';
const SHIPMENT_ID = 'ship-1';
const PLACE: orders.PlaceOrder = {
  type: 'PlaceOrder',
  orderId: ORDER_ID,
  customerId: 'customer-1',
  currency: 'EUR',
  lines: [
    { sku: 'SKU-A', quantity: 2, unitPriceMinor: 1_000 },
    { sku: 'SKU-B', quantity: 1, unitPriceMinor: 500 },
  ],
  shippingAddress: { name: 'A', line1: 'L', line2: null, city: 'C', postalCode: 'P', country: 'DE' },
  channel: 'WEB',
  shippingMinor: 0,
  taxMinor: 0,
};
const TOTAL_MINOR = 2_500;
const CONFIRM: orders.OrderCommand = { type: 'ConfirmOrder', orderId: ORDER_ID };
const CAPTURE: orders.OrderCommand = {
  type: 'RecordPaymentCaptured',
  orderId: ORDER_ID,
  paymentId: PAYMENT_ID,
  amountMinor: TOTAL_MINOR,
  currency: 'EUR',
};
const CANCEL: orders.CancelOrder = {
  type: 'CancelOrder',
  orderId: ORDER_ID,
  by: 'CUSTOMER',
  reason: 'CUSTOMER_REQUEST',
};
const SHIP: orders.OrderCommand = {
  type: 'ShipOrder',
  orderId: ORDER_ID,
  shipmentId: SHIPMENT_ID,
  carrier: 'DHL',
  trackingNumber: 'TN-1',
};
const DELIVER: orders.OrderCommand = { type: 'DeliverOrder', orderId: ORDER_ID, shipmentId: SHIPMENT_ID };

function context(producer = 'commerce-api'): orders.EventContext {
  let next = 0;
  return {
    now: 0,
    newEventId: () => `given-${++next}`,
    correlationId: 'corr-1',
    causationId: null,
    producer,
  };
}

/** The order after `commands`, and the events they emitted. */
function history(commands: readonly orders.OrderCommand[]): {
  state: orders.OrderState;
  events: ShopstreamEvent[];
} {
  let state: orders.OrderState | null = null;
  const events: ShopstreamEvent[] = [];
  for (const command of commands) {
    const emitted = orders.decide(state, command, context());
    events.push(...emitted);
    state = orders.evolveAll(emitted, state);
  }
  return { state: state!, events };
}

const orderAfter = (...commands: orders.OrderCommand[]) => history([PLACE, ...commands]).state;

function stocked(onHand: Record<string, number>, reservedBy?: orders.OrderState): inventory.StockLevel[] {
  return Object.entries(onHand)
    .map(([sku, units]) => {
      let level = inventory.emptyStockLevel(sku);
      if (units > 0)
        level = inventory.evolveAll(
          inventory.receiveStock(level, { sku, quantity: units }, context()),
          level,
        );
      return level;
    })
    .map((level) => {
      if (!reservedBy) return level;
      const held = reservedBy.lines.filter((l) => l.sku === level.sku);
      if (held.length === 0) return level;
      const events = inventory.reserveOrderStock(
        [level],
        { orderId: reservedBy.orderId, lines: held },
        context(),
      );
      return inventory.evolveAll(events, level);
    });
}

function given(order: orders.OrderState | null, stock: readonly inventory.StockLevel[] = []): WorkingSet {
  return {
    orders: new JournaledMap(new Map(order ? [[order.orderId, order]] : [])),
    stock: new JournaledMap(new Map(stock.map((l) => [l.sku, l]))),
  };
}

function metadata(producer: string, eventId = 'trigger-1'): EventMetadata {
  return {
    eventId,
    occurredAt: 0,
    aggregateId: ORDER_ID,
    aggregateVersion: 1,
    correlationId: 'corr-9',
    causationId: null,
    producer,
  };
}

const payment = {
  captured: (changes: { amountMinor?: number; paymentId?: string; producer?: string } = {}) =>
    ({
      type: 'shopstream.payments.PaymentCaptured',
      metadata: metadata(changes.producer ?? 'payments-service'),
      orderId: ORDER_ID,
      paymentId: changes.paymentId ?? PAYMENT_ID,
      amountMinor: changes.amountMinor ?? TOTAL_MINOR,
      currency: 'EUR',
    }) satisfies EventOfType<'shopstream.payments.PaymentCaptured'>,
  failed: (): EventOfType<'shopstream.payments.PaymentFailed'> => ({
    type: 'shopstream.payments.PaymentFailed',
    metadata: metadata('payments-service'),
    orderId: ORDER_ID,
    paymentId: PAYMENT_ID,
    amountMinor: TOTAL_MINOR,
    currency: 'EUR',
    failureCode: 'card_declined',
    message: null,
  }),
  refunded: (changes: { amountMinor?: number; paymentId?: string } = {}) =>
    ({
      type: 'shopstream.payments.PaymentRefunded',
      metadata: metadata('payments-service'),
      orderId: ORDER_ID,
      paymentId: changes.paymentId ?? PAYMENT_ID,
      amountMinor: changes.amountMinor ?? TOTAL_MINOR,
      currency: 'EUR',
    }) satisfies EventOfType<'shopstream.payments.PaymentRefunded'>,
};

const shipment = {
  dispatched: (): EventOfType<'shopstream.shipments.ShipmentDispatched'> => ({
    type: 'shopstream.shipments.ShipmentDispatched',
    metadata: metadata('commerce-api'),
    orderId: ORDER_ID,
    shipmentId: SHIPMENT_ID,
    carrier: 'DHL',
    trackingNumber: 'TN-1',
  }),
  delivered: (): EventOfType<'shopstream.shipments.ShipmentDelivered'> => ({
    type: 'shopstream.shipments.ShipmentDelivered',
    metadata: metadata('commerce-api'),
    orderId: ORDER_ID,
    shipmentId: SHIPMENT_ID,
  }),
  returned: (reason: string | null): EventOfType<'shopstream.shipments.ShipmentReturned'> => ({
    type: 'shopstream.shipments.ShipmentReturned',
    metadata: metadata('commerce-api'),
    orderId: ORDER_ID,
    shipmentId: SHIPMENT_ID,
    reason,
  }),
};

function placedEvent(): EventOfType<'shopstream.orders.OrderPlaced'> {
  const [placed] = history([PLACE]).events;
  if (placed?.type !== 'shopstream.orders.OrderPlaced') throw new Error('PlaceOrder emitted no OrderPlaced');
  return placed;
}

function cancelledEvent(
  after: readonly orders.OrderCommand[],
): EventOfType<'shopstream.orders.OrderCancelled'> {
  const cancelled = history([PLACE, ...after, CANCEL]).events.at(-1);
  if (cancelled?.type !== 'shopstream.orders.OrderCancelled')
    throw new Error('CancelOrder emitted no OrderCancelled');
  return cancelled;
}

const typesOf = (reaction: Reaction) =>
  reaction.kind === 'emitted' ? reaction.events.map((e) => e.type) : [];
const held = (set: WorkingSet, sku: string) => inventory.heldBy(set.stock.get(sku)!, ORDER_ID);

describe('react: an order is placed', () => {
  it('reserves every line and confirms the order when all the stock is there', () => {
    const set = given(orderAfter(), stocked({ 'SKU-A': 5, 'SKU-B': 1 }));
    const reaction = react(placedEvent(), set);
    expect(typesOf(reaction)).toEqual([
      'shopstream.inventory.StockReserved',
      'shopstream.inventory.StockReserved',
      'shopstream.orders.OrderConfirmed',
    ]);
    expect(set.orders.get(ORDER_ID)?.status).toBe('CONFIRMED');
    expect([held(set, 'SKU-A'), held(set, 'SKU-B')]).toEqual([2, 1]);
  });

  it('reserves nothing and rejects the order as OUT_OF_STOCK when one line is short', () => {
    const set = given(orderAfter(), stocked({ 'SKU-A': 1, 'SKU-B': 1 }));
    const reaction = react(placedEvent(), set);
    expect(typesOf(reaction)).toContain('shopstream.inventory.StockReservationFailed');
    expect(typesOf(reaction).at(-1)).toBe('shopstream.orders.OrderRejected');
    expect(set.orders.get(ORDER_ID)).toMatchObject({
      status: 'REJECTED',
      rejection: expect.objectContaining({ reason: 'OUT_OF_STOCK' }),
    });
    expect([held(set, 'SKU-A'), held(set, 'SKU-B')]).toEqual([0, 0]);
  });

  it('builds the order from the event itself when another service placed it', () => {
    const set = given(null, stocked({ 'SKU-A': 5, 'SKU-B': 5 }));
    const reaction = react(placedEvent(), set);
    expect(typesOf(reaction).at(-1)).toBe('shopstream.orders.OrderConfirmed');
    expect(set.orders.get(ORDER_ID)).toMatchObject({ status: 'CONFIRMED', customerId: 'customer-1' });
  });

  it('ignores a placement replayed after the order moved on', () => {
    const set = given(orderAfter(CONFIRM), stocked({ 'SKU-A': 5, 'SKU-B': 5 }));
    expect(react(placedEvent(), set)).toEqual({ kind: 'ignored', why: 'order is already CONFIRMED' });
    expect(held(set, 'SKU-A')).toBe(0);
  });

  it('stamps what it emits with the trigger as cause and the trigger correlation', () => {
    const trigger = placedEvent();
    const reaction = react(trigger, given(orderAfter(), stocked({ 'SKU-A': 5, 'SKU-B': 5 })));
    const stamps =
      reaction.kind === 'emitted' ? reaction.events.map((e) => ('metadata' in e ? e.metadata : e)) : [];
    expect(stamps).not.toHaveLength(0);
    for (const stamp of stamps)
      expect(stamp).toMatchObject({
        causationId: trigger.metadata.eventId,
        correlationId: trigger.metadata.correlationId,
        producer: 'order-processor',
      });
  });
});

describe('react: an order is cancelled', () => {
  it('ignores the cancellation of an order it never saw', () => {
    expect(react(cancelledEvent([CONFIRM]), given(null))).toEqual({
      kind: 'ignored',
      why: 'cancellation of an order this processor never saw',
    });
  });

  it('releases the stock of an order our API cancelled', () => {
    const confirmed = orderAfter(CONFIRM);
    const set = given(orderAfter(CONFIRM, CANCEL), stocked({ 'SKU-A': 5, 'SKU-B': 5 }, confirmed));
    const reaction = react(cancelledEvent([CONFIRM]), set);
    expect(typesOf(reaction)).toEqual([
      'shopstream.inventory.StockReleased',
      'shopstream.inventory.StockReleased',
    ]);
    expect([held(set, 'SKU-A'), held(set, 'SKU-B')]).toEqual([0, 0]);
  });

  it('applies a cancellation another service decided, then releases the stock', () => {
    const confirmed = orderAfter(CONFIRM);
    const set = given(confirmed, stocked({ 'SKU-A': 5, 'SKU-B': 5 }, confirmed));
    react(cancelledEvent([CONFIRM]), set);
    expect(set.orders.get(ORDER_ID)?.status).toBe('CANCELLED');
    expect(held(set, 'SKU-A')).toBe(0);
  });

  it('refunds a paid order it cancels', () => {
    const paid = orderAfter(CONFIRM, CAPTURE);
    const set = given(orderAfter(CONFIRM, CAPTURE, CANCEL), stocked({ 'SKU-A': 5, 'SKU-B': 5 }, paid));
    const reaction = react(cancelledEvent([CONFIRM, CAPTURE]), set);
    expect(typesOf(reaction).at(-1)).toBe('shopstream.orders.OrderRefunded');
    expect(set.orders.get(ORDER_ID)).toMatchObject({ status: 'REFUNDED', refundedMinor: TOTAL_MINOR });
  });
});

describe('react: the provider captured a payment', () => {
  it('defers a capture that raced ahead of the confirmation', () => {
    expect(react(payment.captured(), given(orderAfter()))).toEqual({ kind: 'deferred' });
  });

  it('marks a confirmed order paid', () => {
    const set = given(orderAfter(CONFIRM));
    expect(typesOf(react(payment.captured(), set))).toEqual(['shopstream.orders.OrderPaid']);
    expect(set.orders.get(ORDER_ID)).toMatchObject({ status: 'PAID', paymentId: PAYMENT_ID });
  });

  it('settles a capture the command already recorded on the order', () => {
    expect(react(payment.captured(), given(orderAfter(CONFIRM, CAPTURE))).kind).toBe('settled');
  });

  it('settles a late capture the API accepted, since it refunded it in the same transaction', () => {
    const reaction = react(payment.captured({ producer: 'commerce-api' }), given(orderAfter(CANCEL)));
    expect(reaction).toEqual({
      kind: 'settled',
      why: 'a late capture on a CANCELLED order, refunded when accepted',
    });
  });

  it('leaves a late capture from elsewhere unapplied, saying what to do', () => {
    const reaction = react(payment.captured(), given(orderAfter(CANCEL)));
    expect(reaction).toMatchObject({ kind: 'unapplied', why: expect.stringMatching(/refund payment pay-1/) });
  });

  it('leaves a capture of the wrong amount unapplied and the order unchanged', () => {
    const confirmed = orderAfter(CONFIRM);
    const set = given(confirmed);
    expect(react(payment.captured({ amountMinor: 1 }), set).kind).toBe('unapplied');
    expect(set.orders.get(ORDER_ID)).toBe(confirmed);
  });

  it('leaves a capture for an order it never saw unapplied', () => {
    expect(react(payment.captured(), given(null)).kind).toBe('unapplied');
  });
});

describe('react: the provider reports a failed payment', () => {
  it('defers a failure that raced ahead of the confirmation', () => {
    expect(react(payment.failed(), given(orderAfter()))).toEqual({ kind: 'deferred' });
  });

  it('cancels a confirmed order and releases its stock', () => {
    const confirmed = orderAfter(CONFIRM);
    const set = given(confirmed, stocked({ 'SKU-A': 5, 'SKU-B': 5 }, confirmed));
    const reaction = react(payment.failed(), set);
    expect(typesOf(reaction)).toEqual([
      'shopstream.orders.OrderCancelled',
      'shopstream.inventory.StockReleased',
      'shopstream.inventory.StockReleased',
    ]);
    expect(set.orders.get(ORDER_ID)?.status).toBe('CANCELLED');
    expect(held(set, 'SKU-B')).toBe(0);
  });

  it('ignores a failure for an order already paid, which is not a money event', () => {
    const paid = orderAfter(CONFIRM, CAPTURE);
    const set = given(paid);
    expect(react(payment.failed(), set).kind).toBe('ignored');
    expect(set.orders.get(ORDER_ID)).toBe(paid);
  });
});

describe('react: the provider refunded a payment', () => {
  it('settles the refund of a payment the order never held', () => {
    const reaction = react(payment.refunded({ paymentId: 'pay-late' }), given(orderAfter(CONFIRM, CAPTURE)));
    expect(reaction).toEqual({
      kind: 'settled',
      why: 'a refund of a payment the order never held (a returned late capture)',
    });
  });

  it('refunds a delivered order, at most what is still refundable', () => {
    const set = given(orderAfter(CONFIRM, CAPTURE, SHIP, DELIVER));
    const reaction = react(payment.refunded({ amountMinor: TOTAL_MINOR * 2 }), set);
    expect(typesOf(reaction)).toEqual(['shopstream.orders.OrderRefunded']);
    expect(set.orders.get(ORDER_ID)?.refundedMinor).toBe(TOTAL_MINOR);
  });

  it('settles a refund the order already recorded', () => {
    const refunded = orders.evolveAll(
      orders.decide(
        orderAfter(CONFIRM, CAPTURE, SHIP, DELIVER),
        { type: 'RefundOrder', orderId: ORDER_ID, amountMinor: TOTAL_MINOR, reason: null },
        context(),
      ),
      orderAfter(CONFIRM, CAPTURE, SHIP, DELIVER),
    );
    expect(react(payment.refunded(), given(refunded))).toEqual({
      kind: 'settled',
      why: "the order's refund is already recorded",
    });
  });

  it('leaves a refund of a paid order that owes none unapplied, saying what to do', () => {
    expect(react(payment.refunded(), given(orderAfter(CONFIRM, CAPTURE)))).toMatchObject({
      kind: 'unapplied',
      why: expect.stringMatching(/PAID order that owes no refund; cancel or return the order/),
    });
  });

  it('leaves a refund for an order it never saw unapplied', () => {
    expect(react(payment.refunded(), given(null))).toEqual({
      kind: 'unapplied',
      why: 'a refund for an order this processor never saw',
    });
  });
});

describe('react: a shipment moves', () => {
  it('ships a paid order on dispatch and commits its stock', () => {
    const paid = orderAfter(CONFIRM, CAPTURE);
    const set = given(paid, stocked({ 'SKU-A': 5, 'SKU-B': 5 }, paid));
    const reaction = react(shipment.dispatched(), set);
    expect(typesOf(reaction)).toEqual([
      'shopstream.orders.OrderShipped',
      'shopstream.inventory.StockCommitted',
      'shopstream.inventory.StockCommitted',
    ]);
    expect(set.orders.get(ORDER_ID)).toMatchObject({ status: 'SHIPPED', carrier: 'DHL' });
    expect(set.stock.get('SKU-A')).toMatchObject({ onHand: 3, reserved: 0 });
  });

  it('ignores a dispatch of an order not paid, changing nothing', () => {
    const confirmed = orderAfter(CONFIRM);
    const stock = stocked({ 'SKU-A': 5, 'SKU-B': 5 }, confirmed);
    const set = given(confirmed, stock);
    expect(react(shipment.dispatched(), set).kind).toBe('ignored');
    expect(set.orders.get(ORDER_ID)).toBe(confirmed);
    expect(set.stock.get('SKU-A')).toBe(stock[0]);
  });

  it('marks a shipped order delivered', () => {
    const set = given(orderAfter(CONFIRM, CAPTURE, SHIP));
    expect(typesOf(react(shipment.delivered(), set))).toEqual(['shopstream.orders.OrderDelivered']);
    expect(set.orders.get(ORDER_ID)?.status).toBe('DELIVERED');
  });

  it('ignores a delivery of an order that was never shipped', () => {
    expect(react(shipment.delivered(), given(orderAfter(CONFIRM))).kind).toBe('ignored');
  });

  it('refunds all that is refundable of a delivered order on return, with the reason given', () => {
    const set = given(orderAfter(CONFIRM, CAPTURE, SHIP, DELIVER));
    const reaction = react(shipment.returned('damaged'), set);
    expect(reaction.kind === 'emitted' && reaction.events[0]).toMatchObject({
      type: 'shopstream.orders.OrderRefunded',
      amountMinor: TOTAL_MINOR,
      reason: 'damaged',
    });
  });

  it('ignores a return of an order that was not delivered', () => {
    expect(react(shipment.returned(null), given(orderAfter(CONFIRM, CAPTURE, SHIP)))).toEqual({
      kind: 'ignored',
      why: 'only a delivered order is refunded on return',
    });
  });
});

describe('react: failures that are not refusals', () => {
  it('throws what is not a domain refusal, for the engine to retry or park', () => {
    const broken: Trigger = { ...placedEvent(), lines: [{ sku: 'SKU-A', quantity: 1, unitPriceMinor: 1 }] };
    // The working set lacks the sku's row, which the processor always loads: a bug, not an answer.
    expect(() => react(broken, given(null))).toThrow(TypeError);
  });
});
