import { EventOfType } from '@shopstream/events';
import { ProjectedEvent, ProjectionInvariantError } from '@shopstream/projections';
import { apportionRefund } from './apportion-refund';

export const SALES_EVENTS = [
  'shopstream.orders.OrderPlaced',
  'shopstream.orders.OrderPaid',
  'shopstream.orders.OrderRefunded',
] as const;

export type SalesEvent = EventOfType<(typeof SALES_EVENTS)[number]>;

export interface SalesOrderLine {
  sku: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface SalesOrder {
  orderId: string;
  currency: string;
  lines: readonly SalesOrderLine[];
  /** null until OrderPaid. */
  paidMinor: number | null;
  refundedMinor: number;
}

/** What one payment or refund does to one line; units are signed. */
export interface SaleLineFact {
  sku: string;
  units: number;
  revenueMinor: number;
  refundedMinor: number;
}

export interface SaleFact {
  kind: 'PAID' | 'REFUNDED';
  orderId: string;
  at: number;
  currency: string;
  amountMinor: number;
  lines: SaleLineFact[];
}

export interface SalesFold {
  facts: SaleFact[];
  /** Orders first placed in this batch: their lines must be stored. */
  placed: SalesOrder[];
  /** Every order whose state changed, with its new state. */
  changed: SalesOrder[];
}

const lineValue = (line: SalesOrderLine) => line.quantity * line.unitPriceMinor;

/**
 * Turns payments and refunds into per-line sales facts, using the orders already stored plus those placed earlier in
 * the batch. Orders are keyed by order id, so an order's placement, payment and refunds arrive in that order. Throws
 * before anything is written, so a parked event leaves no trace.
 */
export function foldSales(
  batch: readonly ProjectedEvent<SalesEvent>[],
  known: readonly SalesOrder[],
): SalesFold {
  const orders = new Map(known.map((o) => [o.orderId, o]));
  const placed: SalesOrder[] = [];
  const changed = new Map<string, SalesOrder>();
  const facts: SaleFact[] = [];
  for (const { event } of batch) {
    const { eventId, occurredAt } = event.metadata;
    const order = orders.get(event.orderId);
    switch (event.type) {
      case 'shopstream.orders.OrderPlaced': {
        if (order) throw new ProjectionInvariantError(`Order ${event.orderId} was placed twice`, eventId);
        const fresh: SalesOrder = {
          orderId: event.orderId,
          currency: event.currency,
          lines: event.lines.map(({ sku, quantity, unitPriceMinor }) => ({ sku, quantity, unitPriceMinor })),
          paidMinor: null,
          refundedMinor: 0,
        };
        orders.set(fresh.orderId, fresh);
        placed.push(fresh);
        changed.set(fresh.orderId, fresh);
        break;
      }
      case 'shopstream.orders.OrderPaid': {
        if (!order) {
          throw new ProjectionInvariantError(
            `OrderPaid for order ${event.orderId} whose OrderPlaced has not been applied; redrive it once the placement is`,
            eventId,
          );
        }
        if (order.paidMinor !== null)
          throw new ProjectionInvariantError(`Order ${order.orderId} was paid twice`, eventId);
        if (event.currency !== order.currency) {
          throw new ProjectionInvariantError(
            `Order ${order.orderId} was placed in ${order.currency}, paid in ${event.currency}`,
            eventId,
          );
        }
        const paid = { ...order, paidMinor: event.amountMinor };
        orders.set(paid.orderId, paid);
        changed.set(paid.orderId, paid);
        facts.push({
          kind: 'PAID',
          orderId: order.orderId,
          at: occurredAt,
          currency: order.currency,
          amountMinor: event.amountMinor,
          lines: order.lines.map((l) => ({
            sku: l.sku,
            units: l.quantity,
            revenueMinor: lineValue(l),
            refundedMinor: 0,
          })),
        });
        break;
      }
      case 'shopstream.orders.OrderRefunded': {
        if (!order || order.paidMinor === null) {
          throw new ProjectionInvariantError(
            `OrderRefunded for order ${event.orderId} that has not been placed and paid here; redrive it after the payment`,
            eventId,
          );
        }
        if (event.currency !== order.currency) {
          throw new ProjectionInvariantError(
            `Order ${order.orderId} was paid in ${order.currency}, refunded in ${event.currency}`,
            eventId,
          );
        }
        const refundedMinor = order.refundedMinor + event.amountMinor;
        if (refundedMinor > order.paidMinor) {
          throw new ProjectionInvariantError(
            `Refunds of order ${order.orderId} (${refundedMinor}) exceed the ${order.paidMinor} paid`,
            eventId,
          );
        }
        // Units come back only with the refund that completes the order's refund: a partial refund is a price
        // concession, the goods stay sold.
        const completes = refundedMinor === order.paidMinor;
        const shares = apportionRefund(event.amountMinor, order.lines.map(lineValue));
        const refunded = { ...order, refundedMinor };
        orders.set(refunded.orderId, refunded);
        changed.set(refunded.orderId, refunded);
        facts.push({
          kind: 'REFUNDED',
          orderId: order.orderId,
          at: occurredAt,
          currency: order.currency,
          amountMinor: event.amountMinor,
          lines: order.lines.map((l, i) => ({
            sku: l.sku,
            units: completes ? -l.quantity : 0,
            revenueMinor: 0,
            refundedMinor: shares[i] ?? 0,
          })),
        });
        break;
      }
      default: {
        const unreachable: never = event;
        throw new Error(`Unhandled event ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return { facts, placed, changed: [...changed.values()] };
}
