import fc from 'fast-check';
import { EventMetadata, InventoryEvent } from '@shopstream/events';
import { stockMovementsProjection } from '@shopstream/read-models';
import { splitWhere } from '../../support/batch-splits';
import { metadata } from '../../support/event-builders';
import { ProjectionHarness } from '../../support/projection-harness';

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
const meta = (sku: string, version: number): EventMetadata => metadata(sku, version, T0 + version * 60_000);

const history = (): InventoryEvent[] => [
  { type: 'shopstream.inventory.StockReceived', metadata: meta('A', 1), sku: 'A', quantity: 10 },
  {
    type: 'shopstream.inventory.StockReserved',
    metadata: meta('A', 2),
    sku: 'A',
    orderId: 'o1',
    quantity: 4,
  },
  {
    type: 'shopstream.inventory.StockReleased',
    metadata: meta('A', 3),
    sku: 'A',
    orderId: 'o1',
    quantity: 1,
  },
  {
    type: 'shopstream.inventory.StockCommitted',
    metadata: meta('A', 4),
    sku: 'A',
    orderId: 'o1',
    quantity: 3,
  },
  {
    type: 'shopstream.inventory.StockAdjusted',
    metadata: meta('A', 5),
    sku: 'A',
    delta: -2,
    reason: 'STOCKTAKE',
    note: 'shelf count',
  },
  { type: 'shopstream.inventory.StockReceived', metadata: meta('B', 1), sku: 'B', quantity: 6 },
];

const LEDGER = `select sku, movement, on_hand_delta::int, reserved_delta::int, order_id, reason, occurred_at
  from stock_movements order by sku, occurred_at`;

async function ledgerAfter(batches: readonly (readonly InventoryEvent[])[]): Promise<unknown[]> {
  const harness = await ProjectionHarness.create(stockMovementsProjection);
  try {
    for (const batch of batches) await harness.given(...batch);
    return await harness.rows('select * from stock_movements order by event_id');
  } finally {
    await harness.close();
  }
}

describe('stock_movements', () => {
  let harness: ProjectionHarness;
  beforeEach(async () => (harness = await ProjectionHarness.create(stockMovementsProjection)));
  afterEach(async () => harness.close());

  it('records one signed movement per quantity-changing event', async () => {
    await harness.given(...history());
    const at = (version: number) => new Date(T0 + version * 60_000);
    expect(await harness.rows(LEDGER)).toEqual([
      {
        sku: 'A',
        movement: 'RECEIVED',
        on_hand_delta: 10,
        reserved_delta: 0,
        order_id: null,
        reason: null,
        occurred_at: at(1),
      },
      {
        sku: 'A',
        movement: 'RESERVED',
        on_hand_delta: 0,
        reserved_delta: 4,
        order_id: 'o1',
        reason: null,
        occurred_at: at(2),
      },
      {
        sku: 'A',
        movement: 'RELEASED',
        on_hand_delta: 0,
        reserved_delta: -1,
        order_id: 'o1',
        reason: null,
        occurred_at: at(3),
      },
      {
        sku: 'A',
        movement: 'COMMITTED',
        on_hand_delta: -3,
        reserved_delta: -3,
        order_id: 'o1',
        reason: null,
        occurred_at: at(4),
      },
      {
        sku: 'A',
        movement: 'ADJUSTED',
        on_hand_delta: -2,
        reserved_delta: 0,
        order_id: null,
        reason: 'STOCKTAKE',
        occurred_at: at(5),
      },
      {
        sku: 'B',
        movement: 'RECEIVED',
        on_hand_delta: 6,
        reserved_delta: 0,
        order_id: null,
        reason: null,
        occurred_at: at(1),
      },
    ]);
  });

  it('sums per sku to the stock level: on hand 5, reserved 0 for A', async () => {
    await harness.given(...history());
    expect(
      await harness.rows(
        `select sku, sum(on_hand_delta)::int as on_hand, sum(reserved_delta)::int as reserved
           from stock_movements group by sku order by sku`,
      ),
    ).toEqual([
      { sku: 'A', on_hand: 5, reserved: 0 },
      { sku: 'B', on_hand: 6, reserved: 0 },
    ]);
  });

  it('keeps where each movement sits in the log', async () => {
    const [receipt] = history();
    await harness.given(receipt!);
    expect(
      await harness.rows('select event_id, topic, partition, "offset"::int from stock_movements'),
    ).toEqual([
      { event_id: receipt!.metadata.eventId, topic: 'shopstream.inventory', partition: 0, offset: 0 },
    ]);
  });

  it('writes one ledger row for an event delivered twice, in the same batch or a later one', async () => {
    const [receipt, reservation] = history();
    await harness.given(receipt!, reservation!, receipt!);
    await harness.given(reservation!);
    expect(await harness.rows('select count(*)::int as n from stock_movements')).toEqual([{ n: 2 }]);
  });

  it('gives the same ledger however the history is split into batches', async () => {
    const events = history();
    const whole = await ledgerAfter([events]);
    // The harness numbers offsets per event, not per batch, so log positions match across splits too.
    expect(await ledgerAfter(events.map((e) => [e]))).toEqual(whole);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: events.length, maxLength: events.length }),
        async (cuts) => {
          expect(await ledgerAfter(splitWhere(events, cuts))).toEqual(whole);
        },
      ),
      { numRuns: 8 },
    );
  });
});
