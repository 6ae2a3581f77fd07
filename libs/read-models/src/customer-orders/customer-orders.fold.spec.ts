import { OrdersEvent } from '@shopstream/events';
import { ProjectionInvariantError } from '@shopstream/projections';
import { eventMetadata, givenEvents } from '@shopstream/projections/testing';
import { foldCustomerOrders } from './customer-orders.fold';

const placed = (orderId: string, at: number, eventId = `placed-${orderId}`): OrdersEvent => ({
  type: 'shopstream.orders.OrderPlaced',
  metadata: eventMetadata(orderId, { at, eventId }),
  orderId,
  customerId: 'c-1',
  currency: 'EUR',
  lines: [{ sku: 'A', quantity: 1, unitPriceMinor: 1_000 }],
  totals: { subtotalMinor: 1_000, shippingMinor: 0, taxMinor: 0, totalMinor: 1_000 },
  shippingAddress: {
    name: 'Ada',
    line1: '1 Main St',
    line2: null,
    city: 'Lyon',
    postalCode: '69001',
    country: 'FR',
  },
  channel: 'WEB',
});

const paid = (orderId: string, amountMinor: number): OrdersEvent => ({
  type: 'shopstream.orders.OrderPaid',
  metadata: eventMetadata(orderId, { version: 2 }),
  orderId,
  amountMinor,
  currency: 'EUR',
  paymentId: `p-${orderId}`,
});

describe('customer orders fold', () => {
  it("given two orders placed and one paid, lists them with their status and adds to the customer's lifetime", () => {
    const changes = foldCustomerOrders(
      givenEvents([placed('o-1', 100), placed('o-2', 300), paid('o-1', 1_000)]),
      new Map(),
    );
    expect(changes.placed.map((r) => [r.orderId, r.status])).toEqual([
      ['o-1', 'PAID'],
      ['o-2', 'PLACED'],
    ]);
    expect(changes.statuses).toEqual([]);
    expect(changes.lifetimes).toEqual([
      {
        customerId: 'c-1',
        currency: 'EUR',
        orderCount: 2,
        paidCount: 1,
        valueMinor: 1_000,
        firstOrderAt: 100,
        lastOrderAt: 300,
      },
    ]);
  });

  it('moves the status of an order an earlier batch placed, found by its stored customer', () => {
    const changes = foldCustomerOrders(givenEvents([paid('o-9', 700)]), new Map([['o-9', 'c-1']]));
    expect(changes.statuses).toEqual([{ customerId: 'c-1', orderId: 'o-9', status: 'PAID' }]);
  });

  it('refuses an order placed twice, naming the second placement so it alone is parked', () => {
    const again = placed('o-1', 200, 'second-placement');
    expect(() => foldCustomerOrders(givenEvents([again]), new Map([['o-1', 'c-1']]))).toThrow(
      expect.objectContaining({ eventId: 'second-placement' }) as ProjectionInvariantError,
    );
  });
});
