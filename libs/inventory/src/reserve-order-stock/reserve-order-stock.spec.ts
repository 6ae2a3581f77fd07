import { apply, meta, stocked, testContext, types } from '../inventory.fixtures';
import { InvalidStockCommandError, StockInvariantError } from '../inventory.errors';
import { reserveOrderStock } from './reserve-order-stock.decider';

const a = stocked('SKU-A', 5);
const b = stocked('SKU-B', 2);

describe('reserveOrderStock', () => {
  it('reserves every sku, summing lines of the same sku, one event per sku', () => {
    const events = reserveOrderStock(
      [a, b],
      {
        orderId: 'o1',
        lines: [
          { sku: 'SKU-A', quantity: 2 },
          { sku: 'SKU-B', quantity: 2 },
          { sku: 'SKU-A', quantity: 3 },
        ],
      },
      testContext(),
    );
    expect(events).toEqual([
      {
        type: 'shopstream.inventory.StockReserved',
        metadata: meta('SKU-A', 2, 'evt-1'),
        sku: 'SKU-A',
        orderId: 'o1',
        quantity: 5,
      },
      {
        type: 'shopstream.inventory.StockReserved',
        metadata: meta('SKU-B', 2, 'evt-2'),
        sku: 'SKU-B',
        orderId: 'o1',
        quantity: 2,
      },
    ]);
  });

  it('reserves nothing at all when one sku is short, and says which', () => {
    const events = reserveOrderStock(
      [a, b],
      {
        orderId: 'o1',
        lines: [
          { sku: 'SKU-A', quantity: 1 },
          { sku: 'SKU-B', quantity: 2 },
          { sku: 'SKU-B', quantity: 1 },
        ],
      },
      testContext(),
    );
    expect(events).toEqual([
      {
        type: 'shopstream.inventory.StockReservationFailed',
        metadata: meta('SKU-B', 2, 'evt-1'),
        sku: 'SKU-B',
        orderId: 'o1',
        quantity: 3,
        available: 2,
      },
    ]);
    expect(apply(a, events)).toEqual(a);
    expect(apply(b, events)).toMatchObject({ reserved: 0, version: 2 });
  });

  it('treats a sku it was given no level for as never received', () => {
    const events = reserveOrderStock(
      [a],
      { orderId: 'o1', lines: [{ sku: 'SKU-Z', quantity: 1 }] },
      testContext(),
    );
    expect(events).toMatchObject([
      { type: 'shopstream.inventory.StockReservationFailed', sku: 'SKU-Z', available: 0 },
    ]);
    expect(events[0]?.metadata.aggregateVersion).toBe(1);
  });

  it('does not reserve twice for a redelivered order', () => {
    const command = { orderId: 'o1', lines: [{ sku: 'SKU-A', quantity: 2 }] };
    const level = apply(a, reserveOrderStock([a], command, testContext()));
    expect(reserveOrderStock([level], command, testContext())).toEqual([]);
    expect(() =>
      reserveOrderStock([level], { orderId: 'o1', lines: [{ sku: 'SKU-A', quantity: 3 }] }, testContext()),
    ).toThrow(StockInvariantError);
  });

  it('appends the low-stock alert after the reservations', () => {
    const low = stocked('SKU-A', 5, 4);
    expect(
      types(
        reserveOrderStock(
          [low, b],
          {
            orderId: 'o1',
            lines: [
              { sku: 'SKU-A', quantity: 2 },
              { sku: 'SKU-B', quantity: 1 },
            ],
          },
          testContext(),
        ),
      ),
    ).toEqual(['StockReserved', 'StockReserved', 'LowStockDetected']);
  });

  it.each([
    ['no lines', []],
    ['a zero quantity', [{ sku: 'SKU-A', quantity: 0 }]],
    ['a fractional quantity', [{ sku: 'SKU-A', quantity: 0.5 }]],
  ])('refuses %s', (_, lines) => {
    expect(() => reserveOrderStock([a], { orderId: 'o1', lines }, testContext())).toThrow(
      InvalidStockCommandError,
    );
  });

  it('refuses the same sku given twice', () => {
    expect(() =>
      reserveOrderStock([a, a], { orderId: 'o1', lines: [{ sku: 'SKU-A', quantity: 1 }] }, testContext()),
    ).toThrow('sku SKU-A given twice');
  });
});
