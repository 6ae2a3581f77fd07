import fc from 'fast-check';
import {
  InventoryEvent,
  LowStockThresholdSet,
  StockAdjusted,
  StockCommitted,
  StockReceived,
  StockReleased,
  StockReserved,
} from '@shopstream/events';
import { stockLevelsProjection } from '@shopstream/read-models';
import { rowsAfter, splitWhere } from '../../support/batch-splits';
import { metadata } from '../../support/event-builders';
import { ProjectionHarness } from '../../support/projection-harness';

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
const versions = new Map<string, number>();
const meta = (sku: string, minute: number) => {
  const version = (versions.get(sku) ?? 0) + 1;
  versions.set(sku, version);
  return metadata(sku, version, T0 + minute * 60_000);
};
const received = (sku: string, quantity: number, minute = 0): StockReceived => ({
  type: 'shopstream.inventory.StockReceived',
  metadata: meta(sku, minute),
  sku,
  quantity,
});
const adjusted = (sku: string, delta: number, minute = 0): StockAdjusted => ({
  type: 'shopstream.inventory.StockAdjusted',
  metadata: meta(sku, minute),
  sku,
  delta,
  reason: 'DAMAGED',
  note: null,
});
const reserved = (sku: string, orderId: string, quantity: number, minute = 0): StockReserved => ({
  type: 'shopstream.inventory.StockReserved',
  metadata: meta(sku, minute),
  sku,
  orderId,
  quantity,
});
const released = (sku: string, orderId: string, quantity: number, minute = 0): StockReleased => ({
  type: 'shopstream.inventory.StockReleased',
  metadata: meta(sku, minute),
  sku,
  orderId,
  quantity,
});
const committed = (sku: string, orderId: string, quantity: number, minute = 0): StockCommitted => ({
  type: 'shopstream.inventory.StockCommitted',
  metadata: meta(sku, minute),
  sku,
  orderId,
  quantity,
});
const thresholdSet = (sku: string, threshold: number, minute = 0): LowStockThresholdSet => ({
  type: 'shopstream.inventory.LowStockThresholdSet',
  metadata: meta(sku, minute),
  sku,
  threshold,
});

const QUANTITIES = `select sku, on_hand::int, reserved::int, available::int, threshold::int, low_stock,
  received_total::int, adjusted_total::int, committed_total::int, version::int from stock_levels order by sku`;

/** Two skus through receipt, reservations, a release, a commit, a loss, and the events that change no quantity. */
const history = (): InventoryEvent[] => {
  versions.clear();
  return [
    thresholdSet('A', 10, 0),
    received('A', 50, 1),
    received('B', 8, 1),
    reserved('A', 'o1', 5, 2),
    reserved('A', 'o2', 3, 3),
    {
      type: 'shopstream.inventory.StockReservationFailed',
      metadata: meta('B', 3),
      sku: 'B',
      orderId: 'o3',
      quantity: 20,
      available: 8,
    },
    released('A', 'o2', 3, 4),
    committed('A', 'o1', 5, 5),
    adjusted('A', -2, 6),
    thresholdSet('B', 10, 7),
    {
      type: 'shopstream.inventory.LowStockDetected',
      metadata: meta('B', 7),
      sku: 'B',
      available: 8,
      threshold: 10,
    },
    received('B', 4, 8),
    {
      type: 'shopstream.inventory.StockReplenished',
      metadata: meta('B', 8),
      sku: 'B',
      available: 12,
      threshold: 10,
    },
  ];
};

const tableAfter = (batches: readonly (readonly InventoryEvent[])[]) =>
  rowsAfter(stockLevelsProjection, batches, 'select * from stock_levels order by sku');

describe('stock_levels', () => {
  let harness: ProjectionHarness;
  beforeEach(async () => (harness = await ProjectionHarness.create(stockLevelsProjection)));
  afterEach(async () => harness.close());

  it('keeps on hand, reserved and available per sku through a realistic history', async () => {
    await harness.given(...history());
    expect(await harness.rows(QUANTITIES)).toEqual([
      {
        sku: 'A',
        on_hand: 43,
        reserved: 0,
        available: 43,
        threshold: 10,
        low_stock: false,
        received_total: 50,
        adjusted_total: -2,
        committed_total: 5,
        version: 7,
      },
      {
        sku: 'B',
        on_hand: 12,
        reserved: 0,
        available: 12,
        threshold: 10,
        low_stock: false,
        received_total: 12,
        adjusted_total: 0,
        committed_total: 0,
        version: 6,
      },
    ]);
  });

  it('holds conservation: received + adjusted - committed = on hand, after every batch', async () => {
    for (const event of history()) {
      await harness.given(event);
      const broken = await harness.rows(
        'select sku from stock_levels where received_total + adjusted_total - committed_total <> on_hand',
      );
      expect(broken).toEqual([]);
    }
  });

  it('flags low stock only once a threshold is set and available drops below it', async () => {
    await harness.given(received('C', 5), reserved('C', 'o9', 2));
    expect(await harness.rows('select threshold, low_stock from stock_levels')).toEqual([
      { threshold: null, low_stock: false },
    ]);
    await harness.given(thresholdSet('C', 4));
    expect(await harness.rows('select available::int, low_stock from stock_levels')).toEqual([
      { available: 3, low_stock: true },
    ]);
    await harness.given(released('C', 'o9', 2));
    expect(await harness.rows('select available::int, low_stock from stock_levels')).toEqual([
      { available: 5, low_stock: false },
    ]);
  });

  it('does not count an event twice when it is delivered again, in the same batch or a later one', async () => {
    const receipt = received('D', 7);
    const reservation = reserved('D', 'o4', 2);
    await harness.given(receipt, reservation, receipt);
    await harness.given(reservation);
    expect(await harness.rows('select on_hand::int, reserved::int from stock_levels')).toEqual([
      { on_hand: 7, reserved: 2 },
    ]);
  });

  it('gives the same table however the history is split into batches', async () => {
    const events = history();
    const whole = await tableAfter([events]);
    expect(await tableAfter(events.map((e) => [e]))).toEqual(whole);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: events.length, maxLength: events.length }),
        async (cuts) => {
          expect(await tableAfter(splitWhere(events, cuts))).toEqual(whole);
        },
      ),
      { numRuns: 8 },
    );
  });
});
