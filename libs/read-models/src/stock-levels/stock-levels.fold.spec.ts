import { InventoryEvent } from '@shopstream/events';
import { eventMetadata, givenEvents } from '@shopstream/projections/testing';
import { foldStockLevels, StockLevelsEvent } from './stock-levels.fold';

const at = (minute: number) => Date.UTC(2026, 10, 27, 10, minute);

const on = (sku: string, version: number, minute: number) => eventMetadata(sku, { version, at: at(minute) });

describe('stock levels fold', () => {
  it('given stock received, reserved and committed for a sku, sums the deltas the row adds up', () => {
    const events: InventoryEvent[] = [
      { type: 'shopstream.inventory.StockReceived', metadata: on('SKU-1', 1, 0), sku: 'SKU-1', quantity: 10 },
      {
        type: 'shopstream.inventory.StockReserved',
        metadata: on('SKU-1', 2, 1),
        sku: 'SKU-1',
        orderId: 'o-1',
        quantity: 3,
      },
      {
        type: 'shopstream.inventory.StockCommitted',
        metadata: on('SKU-1', 3, 2),
        sku: 'SKU-1',
        orderId: 'o-1',
        quantity: 2,
      },
    ];
    const [change] = foldStockLevels(givenEvents(events as StockLevelsEvent[]));
    expect(change).toEqual({
      sku: 'SKU-1',
      received: 10,
      adjusted: 0,
      reserved: 1,
      committed: 2,
      threshold: null,
      updatedAt: at(2),
      version: 3,
    });
  });

  it('keeps one change per sku and takes the threshold a batch sets', () => {
    const events: InventoryEvent[] = [
      { type: 'shopstream.inventory.StockReceived', metadata: on('A', 1, 0), sku: 'A', quantity: 5 },
      { type: 'shopstream.inventory.LowStockThresholdSet', metadata: on('B', 1, 0), sku: 'B', threshold: 4 },
      { type: 'shopstream.inventory.StockReceived', metadata: on('A', 2, 1), sku: 'A', quantity: 1 },
    ];
    const changes = foldStockLevels(givenEvents(events as StockLevelsEvent[]));
    expect(changes.map((c) => [c.sku, c.received, c.threshold])).toEqual([
      ['A', 6, null],
      ['B', 0, 4],
    ]);
  });

  it('moves no quantity for a detection or a replenishment, only the version and time', () => {
    const events: InventoryEvent[] = [
      {
        type: 'shopstream.inventory.LowStockDetected',
        metadata: on('A', 7, 5),
        sku: 'A',
        available: 1,
        threshold: 3,
      },
    ];
    const [change] = foldStockLevels(givenEvents(events as StockLevelsEvent[]));
    expect(change).toMatchObject({ received: 0, reserved: 0, committed: 0, version: 7, updatedAt: at(5) });
  });
});
