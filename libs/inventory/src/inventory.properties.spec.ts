import fc from 'fast-check';
import { INVENTORY_EVENT_TYPES, type InventoryEvent } from '@shopstream/events';
import { adjustStock } from './adjust-stock/adjust-stock.decider';
import { commitOrderStock } from './commit-order-stock/commit-order-stock.decider';
import { apply, stocked, testContext } from './inventory.fixtures';
import { InventoryError } from './inventory.errors';
import { receiveStock } from './receive-stock/receive-stock.decider';
import { releaseOrderStock } from './release-order-stock/release-order-stock.decider';
import { reserveOrderStock } from './reserve-order-stock/reserve-order-stock.decider';
import { setLowStockThreshold } from './set-threshold/set-threshold.decider';
import { availableOf, emptyStockLevel, type StockLevel } from './stock-level';

const SKUS = ['SKU-A', 'SKU-B'] as const;
const skuArb = fc.constantFrom(...SKUS);
const orderIdArb = fc.constantFrom('o1', 'o2', 'o3', 'o4');

const commandArb = fc.oneof(
  fc.record({
    kind: fc.constant('receive' as const),
    sku: skuArb,
    quantity: fc.integer({ min: 1, max: 20 }),
  }),
  fc.record({ kind: fc.constant('adjust' as const), sku: skuArb, delta: fc.integer({ min: -15, max: 15 }) }),
  fc.record({
    kind: fc.constant('threshold' as const),
    sku: skuArb,
    threshold: fc.integer({ min: 0, max: 15 }),
  }),
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('reserve' as const),
      orderId: orderIdArb,
      lines: fc.array(fc.record({ sku: skuArb, quantity: fc.integer({ min: 1, max: 8 }) }), {
        minLength: 1,
        maxLength: 3,
      }),
    }),
  },
  fc.record({ kind: fc.constant('release' as const), orderId: orderIdArb }),
  fc.record({ kind: fc.constant('commit' as const), orderId: orderIdArb }),
);
type Command = typeof commandArb extends fc.Arbitrary<infer T> ? T : never;

function decideOne(levels: Map<string, StockLevel>, command: Command): InventoryEvent[] {
  const all = [...levels.values()];
  const ctx = testContext();
  switch (command.kind) {
    case 'receive':
      return receiveStock(levels.get(command.sku)!, command, ctx);
    case 'adjust':
      return adjustStock(levels.get(command.sku)!, { ...command, reason: 'STOCKTAKE', note: null }, ctx);
    case 'threshold':
      return setLowStockThreshold(levels.get(command.sku)!, command, ctx);
    case 'reserve':
      return reserveOrderStock(all, command, ctx);
    case 'release':
      return releaseOrderStock(all, command, ctx);
    case 'commit':
      return commitOrderStock(all, command, ctx);
  }
}

const sum = (values: Iterable<number>): number => [...values].reduce((a, b) => a + b, 0);

describe('inventory properties', () => {
  it('keeps reserved <= onHand, onHand >= 0, conservation and one alert per crossing, whatever the commands', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 40, size: 'max' }), (commands) => {
        const levels = new Map<string, StockLevel>(SKUS.map((sku) => [sku, emptyStockLevel(sku)]));
        const ledger = new Map<
          string,
          { received: number; adjusted: number; committed: number; alerts: string[] }
        >(SKUS.map((sku) => [sku, { received: 0, adjusted: 0, committed: 0, alerts: [] }]));

        for (const command of commands) {
          let events: InventoryEvent[];
          try {
            events = decideOne(levels, command);
          } catch (error) {
            // A refusal is a typed decision; anything else is a bug.
            expect(error).toBeInstanceOf(InventoryError);
            continue;
          }

          if (command.kind === 'reserve') {
            const skusOfOrder = new Set(command.lines.map((line) => line.sku));
            const reservedSkus = events.filter((e) => e.type === 'shopstream.inventory.StockReserved').length;
            const failedSkus = events.filter(
              (e) => e.type === 'shopstream.inventory.StockReservationFailed',
            ).length;
            // All or nothing: every sku reserved, or none (possibly nothing at all for a redelivery).
            expect(reservedSkus === 0 || (reservedSkus === skusOfOrder.size && failedSkus === 0)).toBe(true);
          }

          for (const event of events) {
            seen.add(event.type);
            const level = levels.get(event.sku)!;
            expect(event.metadata.aggregateVersion).toBe(level.version + 1);
            const entry = ledger.get(event.sku)!;
            if (event.type === 'shopstream.inventory.StockReceived') entry.received += event.quantity;
            if (event.type === 'shopstream.inventory.StockAdjusted') entry.adjusted += event.delta;
            if (event.type === 'shopstream.inventory.StockCommitted') entry.committed += event.quantity;
            if (event.type === 'shopstream.inventory.LowStockDetected') entry.alerts.push('open');
            if (event.type === 'shopstream.inventory.StockReplenished') entry.alerts.push('close');
            levels.set(event.sku, apply(level, [event]));
          }

          for (const [sku, level] of levels) {
            const entry = ledger.get(sku)!;
            expect(level.onHand).toBeGreaterThanOrEqual(0);
            expect(level.reserved).toBeGreaterThanOrEqual(0);
            expect(level.reserved).toBeLessThanOrEqual(level.onHand);
            expect(level.reserved).toBe(sum(Object.values(level.reservations)));
            expect(entry.received + entry.adjusted - entry.committed).toBe(level.onHand);
            expect(level.lowStockOpen).toBe(level.threshold !== null && availableOf(level) < level.threshold);
            // Alerts alternate open, close, open...: never two of a kind in a row.
            entry.alerts.forEach((alert, i) => expect(alert).toBe(i % 2 === 0 ? 'open' : 'close'));
          }
        }
      }),
      { numRuns: 200 },
    );
    // Guards the generator: every kind of event, refusals included, came up.
    expect([...seen].sort()).toEqual([...INVENTORY_EVENT_TYPES].sort());
  });

  it('N one-unit orders for the last M units, decided one at a time, reserve exactly min(N, M) units', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 60 }), (m, n) => {
        let level = stocked('SKU-A', m);
        let succeeded = 0;
        for (let i = 0; i < n; i++) {
          const events = reserveOrderStock(
            [level],
            { orderId: `o${i}`, lines: [{ sku: 'SKU-A', quantity: 1 }] },
            testContext(),
          );
          if (events.some((e) => e.type === 'shopstream.inventory.StockReserved')) succeeded += 1;
          level = apply(level, events);
        }
        expect(level.reserved).toBe(Math.min(n, m));
        expect(succeeded).toBe(Math.min(n, m));
        expect(level.onHand).toBe(m);
      }),
    );
  });

  it('orders of any size for the last M units never over-reserve, and every refused order truly did not fit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 30 }),
        (m, sizes) => {
          let level = stocked('SKU-A', m);
          const refused: number[] = [];
          sizes.forEach((quantity, i) => {
            const events = reserveOrderStock(
              [level],
              { orderId: `o${i}`, lines: [{ sku: 'SKU-A', quantity }] },
              testContext(),
            );
            if (events.some((e) => e.type === 'shopstream.inventory.StockReservationFailed'))
              refused.push(quantity);
            level = apply(level, events);
          });
          expect(level.reserved).toBeLessThanOrEqual(m);
          for (const quantity of refused) expect(quantity).toBeGreaterThan(availableOf(level));
        },
      ),
    );
  });
});
