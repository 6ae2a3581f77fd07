import { EventOfType, InventoryEvent, newEventId, ShopstreamEvent } from '@shopstream/events';
import * as inventory from '@shopstream/inventory';
import * as orders from '@shopstream/orders';
import { PRODUCER as COMMAND_PRODUCER } from '../commands/command-runner';
import { JournaledMap } from './journaled-map';

export const PROCESSOR = 'order-processor';

/** The events the order-flow processor reacts to. */
export const REACTS_TO = [
  'shopstream.orders.OrderPlaced',
  'shopstream.orders.OrderCancelled',
  'shopstream.payments.PaymentCaptured',
  'shopstream.payments.PaymentFailed',
  'shopstream.payments.PaymentRefunded',
  'shopstream.shipments.ShipmentDispatched',
  'shopstream.shipments.ShipmentDelivered',
  'shopstream.shipments.ShipmentReturned',
] as const;

export type Trigger = EventOfType<(typeof REACTS_TO)[number]>;

/** The rows a batch's reactions read and change, loaded (and locked) before and written after, once per batch. */
export interface WorkingSet {
  readonly orders: JournaledMap<orders.OrderState>;
  readonly stock: JournaledMap<inventory.StockLevel>;
}

/**
 * `settled`: a money event the order already accounts for (recorded by the command that accepted it). `unapplied`:
 * a money event the order can't take; the processor parks it in its dead letters with `why`, never drops it.
 */
export type Reaction =
  | { kind: 'emitted'; events: ShopstreamEvent[] }
  | { kind: 'deferred' }
  | { kind: 'ignored'; why: string }
  | { kind: 'settled'; why: string }
  | { kind: 'unapplied'; why: string };

const MONEY_EVENTS: ReadonlySet<string> = new Set([
  'shopstream.payments.PaymentCaptured',
  'shopstream.payments.PaymentRefunded',
]);

const contextOf = (trigger: Trigger): orders.EventContext => ({
  now: Date.now(),
  newEventId,
  correlationId: trigger.metadata.correlationId,
  causationId: trigger.metadata.eventId,
  producer: PROCESSOR,
});

/**
 * What the order flow does when `trigger` happens, against the working set (which it updates):
 * placed → reserve every line or none → confirmed or rejected (OUT_OF_STOCK); payment captured → paid; payment
 * failed → cancelled; cancelled → stock released, and a paid order refunded; dispatched → shipped and stock
 * committed; delivered → delivered; returned or refunded by the provider → refunded.
 * A payment that arrives before the order's confirmation is deferred and replayed once it is confirmed.
 */
export function react(trigger: Trigger, set: WorkingSet): Reaction {
  const ctx = contextOf(trigger);
  const order = set.orders.get(trigger.orderId) ?? null;
  const marks = [set.orders.mark(), set.stock.mark()] as const;
  try {
    switch (trigger.type) {
      case 'shopstream.orders.OrderPlaced':
        return placed(trigger, order, set, ctx);
      case 'shopstream.orders.OrderCancelled':
        return cancelled(trigger, order, set, ctx);
      case 'shopstream.payments.PaymentCaptured':
        if (order?.status === 'PENDING') return { kind: 'deferred' };
        if (order?.paymentId === trigger.paymentId)
          return { kind: 'settled', why: 'the capture is already recorded on the order' };
        if (order && order.status !== 'CONFIRMED') {
          // The API refunds, in the same transaction, every capture it accepts for an order that can't take it.
          if (trigger.metadata.producer === COMMAND_PRODUCER)
            return {
              kind: 'settled',
              why: `a late capture on a ${order.status} order, refunded when accepted`,
            };
          return {
            kind: 'unapplied',
            why: `captured ${trigger.amountMinor} ${trigger.currency} for a ${order.status} order; refund payment ${trigger.paymentId} at the provider, then discard this event`,
          };
        }
        return decideOrder(set, order, ctx, {
          type: 'RecordPaymentCaptured',
          orderId: trigger.orderId,
          paymentId: trigger.paymentId,
          amountMinor: trigger.amountMinor,
          currency: trigger.currency,
        });
      case 'shopstream.payments.PaymentFailed': {
        if (order?.status === 'PENDING') return { kind: 'deferred' };
        const decided = decideOrder(set, order, ctx, {
          type: 'RecordPaymentFailed',
          orderId: trigger.orderId,
          paymentId: trigger.paymentId,
        });
        return withReleasedStock(decided, trigger.orderId, set, ctx);
      }
      case 'shopstream.payments.PaymentRefunded':
        if (order && order.paymentId !== trigger.paymentId)
          return {
            kind: 'settled',
            why: 'a refund of a payment the order never held (a returned late capture)',
          };
        if (order && orders.allowedCommandsFor(order).includes('RefundOrder'))
          return decideOrder(set, order, ctx, {
            type: 'RefundOrder',
            orderId: trigger.orderId,
            amountMinor: Math.min(trigger.amountMinor, orders.refundableMinor(order)),
            reason: 'refunded by the payment provider',
          });
        if (order && order.refundedMinor > 0 && orders.refundableMinor(order) <= 0)
          return { kind: 'settled', why: "the order's refund is already recorded" };
        return {
          kind: 'unapplied',
          why: order
            ? `the provider refunded ${trigger.amountMinor} ${trigger.currency} of a ${order.status} order that owes no refund; cancel or return the order, then redrive`
            : 'a refund for an order this processor never saw',
        };
      case 'shopstream.shipments.ShipmentDispatched': {
        const shipped = decideOrder(set, order, ctx, {
          type: 'ShipOrder',
          orderId: trigger.orderId,
          shipmentId: trigger.shipmentId,
          carrier: trigger.carrier,
          trackingNumber: trigger.trackingNumber,
        });
        if (shipped.kind !== 'emitted') return shipped;
        const committed = stockChange(set, trigger.orderId, (levels) =>
          inventory.commitOrderStock(levels, { orderId: trigger.orderId }, ctx),
        );
        return { kind: 'emitted', events: [...shipped.events, ...committed] };
      }
      case 'shopstream.shipments.ShipmentDelivered':
        return decideOrder(set, order, ctx, {
          type: 'DeliverOrder',
          orderId: trigger.orderId,
          shipmentId: trigger.shipmentId,
        });
      case 'shopstream.shipments.ShipmentReturned':
        if (!order || order.status !== 'DELIVERED')
          return { kind: 'ignored', why: 'only a delivered order is refunded on return' };
        return decideOrder(set, order, ctx, {
          type: 'RefundOrder',
          orderId: trigger.orderId,
          amountMinor: orders.refundableMinor(order),
          reason: trigger.reason ?? 'shipment returned',
        });
      default: {
        const unreachable: never = trigger;
        return unreachable;
      }
    }
  } catch (error) {
    // A domain refusal is the answer "no reaction" (a late or repeated fact), not a poison message; whatever the
    // reaction had changed before it was refused is undone.
    if (error instanceof orders.OrderError || error instanceof inventory.InventoryError) {
      set.orders.rollbackTo(marks[0]);
      set.stock.rollbackTo(marks[1]);
      return { kind: MONEY_EVENTS.has(trigger.type) ? 'unapplied' : 'ignored', why: error.message };
    }
    throw error;
  }
}

function placed(
  trigger: EventOfType<'shopstream.orders.OrderPlaced'>,
  known: orders.OrderState | null,
  set: WorkingSet,
  ctx: orders.EventContext,
): Reaction {
  // Placed through our API the state exists; produced by another service it is built from the event itself.
  const order = known ?? orders.evolve(null, trigger);
  set.orders.set(order.orderId, order);
  if (order.status !== 'PENDING') return { kind: 'ignored', why: `order is already ${order.status}` };
  // One level per sku: an order may list a sku on several lines, and the reservation sums them.
  const levels = [...new Set(order.lines.map((l) => l.sku))].map((sku) => set.stock.get(sku)!);
  const stockEvents = inventory.reserveOrderStock(
    levels,
    { orderId: order.orderId, lines: order.lines },
    ctx,
  );
  applyStock(set, stockEvents);
  const failed = stockEvents.filter((e) => e.type === 'shopstream.inventory.StockReservationFailed');
  const command: orders.OrderCommand =
    failed.length === 0
      ? { type: 'ConfirmOrder', orderId: order.orderId }
      : {
          type: 'RejectOrder',
          orderId: order.orderId,
          reason: 'OUT_OF_STOCK',
          detail: `short: ${failed.map((e) => ('sku' in e ? e.sku : '')).join(', ')}`,
        };
  const decided = decideOrder(set, order, ctx, command);
  return decided.kind === 'emitted'
    ? { kind: 'emitted', events: [...stockEvents, ...decided.events] }
    : decided;
}

function cancelled(
  trigger: EventOfType<'shopstream.orders.OrderCancelled'>,
  known: orders.OrderState | null,
  set: WorkingSet,
  ctx: orders.EventContext,
): Reaction {
  const order = known ?? null;
  if (!order) return { kind: 'ignored', why: 'cancellation of an order this processor never saw' };
  // The state already says CANCELLED when our API or this processor decided it; evolve only a foreign event.
  const current = order.status === 'CANCELLED' ? order : orders.evolve(order, trigger);
  set.orders.set(current.orderId, current);
  const released = stockChange(set, current.orderId, (levels) =>
    inventory.releaseOrderStock(levels, { orderId: current.orderId }, ctx),
  );
  const events: ShopstreamEvent[] = [...released];
  if (current.refundDue && orders.refundableMinor(current) > 0) {
    const refund = decideOrder(set, current, ctx, {
      type: 'RefundOrder',
      orderId: current.orderId,
      amountMinor: orders.refundableMinor(current),
      reason: 'order cancelled after payment',
    });
    if (refund.kind === 'emitted') events.push(...refund.events);
  }
  return { kind: 'emitted', events };
}

function decideOrder(
  set: WorkingSet,
  order: orders.OrderState | null,
  ctx: orders.EventContext,
  command: orders.OrderCommand,
): Reaction {
  const events = orders.decide(order, command, ctx);
  set.orders.set(command.orderId, orders.evolveAll(events, order)!);
  return { kind: 'emitted', events };
}

function withReleasedStock(
  decided: Reaction,
  orderId: string,
  set: WorkingSet,
  ctx: orders.EventContext,
): Reaction {
  if (decided.kind !== 'emitted') return decided;
  const released = stockChange(set, orderId, (levels) =>
    inventory.releaseOrderStock(levels, { orderId }, ctx),
  );
  return { kind: 'emitted', events: [...decided.events, ...released] };
}

function stockChange(
  set: WorkingSet,
  orderId: string,
  decide: (levels: readonly inventory.StockLevel[]) => InventoryEvent[],
): InventoryEvent[] {
  const order = set.orders.get(orderId);
  if (!order) return [];
  const levels = [...new Set(order.lines.map((l) => l.sku))].map((sku) => set.stock.get(sku)!);
  const events = decide(levels);
  applyStock(set, events);
  return events;
}

function applyStock(set: WorkingSet, events: readonly InventoryEvent[]): void {
  for (const event of events) {
    const level = set.stock.get(event.sku) ?? inventory.emptyStockLevel(event.sku);
    set.stock.set(event.sku, inventory.evolve(level, event));
  }
}
