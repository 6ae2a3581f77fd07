import { decide } from '../order.decider';
import { placeOrder, testContext } from '../order.fixtures';
import { InvalidOrderError } from '../orders.errors';
import type { PlaceOrder } from './place-order.command';

const place = (changes: Partial<PlaceOrder>) => decide(null, { ...placeOrder, ...changes }, testContext());

describe('PlaceOrder', () => {
  it('adds up lines of the same sku and charges shipping and tax on top', () => {
    const [event] = place({
      lines: [
        { sku: 'SKU-A', quantity: 3, unitPriceMinor: 199 },
        { sku: 'SKU-A', quantity: 1, unitPriceMinor: 199 },
        { sku: 'SKU-C', quantity: 2, unitPriceMinor: 0 },
      ],
      shippingMinor: 0,
      taxMinor: 133,
    });
    expect(event).toMatchObject({
      totals: { subtotalMinor: 796, shippingMinor: 0, taxMinor: 133, totalMinor: 929 },
    });
  });

  it('stamps metadata from the context, version 1, and never makes up ids', () => {
    const ctx = testContext({ causationId: 'evt-cause', correlationId: 'corr-9', now: 42 });
    const [event] = decide(null, placeOrder, ctx);
    expect(event?.metadata).toEqual({
      eventId: 'evt-1',
      occurredAt: 42,
      aggregateId: 'order-1',
      aggregateVersion: 1,
      correlationId: 'corr-9',
      causationId: 'evt-cause',
      producer: 'order-processor',
    });
  });

  it.each([
    ['no lines', { lines: [] }, 'an order needs at least one line'],
    ['a zero quantity', { lines: [{ sku: 'SKU-A', quantity: 0, unitPriceMinor: 1 }] }, 'quantity 0'],
    ['a negative quantity', { lines: [{ sku: 'SKU-A', quantity: -2, unitPriceMinor: 1 }] }, 'quantity -2'],
    [
      'a fractional quantity',
      { lines: [{ sku: 'SKU-A', quantity: 1.5, unitPriceMinor: 1 }] },
      'quantity 1.5',
    ],
    ['a negative price', { lines: [{ sku: 'SKU-A', quantity: 1, unitPriceMinor: -1 }] }, 'unitPriceMinor -1'],
    ['a currency that is not ISO 4217', { currency: 'euro' }, "currency 'euro'"],
    ['negative shipping', { shippingMinor: -1 }, 'shippingMinor'],
  ] as const)('refuses %s with ORDER_INVALID', (_, changes, problem) => {
    expect(() => place(changes)).toThrow(InvalidOrderError);
    expect(() => place(changes)).toThrow(problem);
  });

  it('lists every problem at once', () => {
    try {
      place({ customerId: ' ', lines: [{ sku: '', quantity: 0, unitPriceMinor: 1 }] });
      throw new Error('expected InvalidOrderError');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidOrderError);
      expect((error as InvalidOrderError).code).toBe('ORDER_INVALID');
      expect((error as InvalidOrderError).problems).toHaveLength(3);
    }
  });
});
