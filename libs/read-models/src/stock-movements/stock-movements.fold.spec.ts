import { eventMetadata, givenEvents } from '@shopstream/projections/testing';
import { StockMovementEvent, toStockMovement } from './stock-movements.fold';

const meta = (eventId: string) => eventMetadata('SKU-1', { eventId, at: 1_000 });

describe('stock movements fold', () => {
  it('given a commit, moves the units off the shelf and out of the reservation, naming the order', () => {
    const [committed] = givenEvents<StockMovementEvent>(
      [
        {
          type: 'shopstream.inventory.StockCommitted',
          metadata: meta('ev-9'),
          sku: 'SKU-1',
          orderId: 'o-1',
          quantity: 2,
        },
      ],
      { firstOffset: 41 },
    );
    expect(toStockMovement(committed!)).toEqual({
      eventId: 'ev-9',
      sku: 'SKU-1',
      occurredAt: 1_000,
      topic: 'shopstream.inventory',
      partition: 0,
      offset: '41',
      movement: 'COMMITTED',
      onHandDelta: -2,
      reservedDelta: -2,
      orderId: 'o-1',
      reason: null,
    });
  });

  it('keeps an adjustment signed, with its reason', () => {
    const [adjusted] = givenEvents<StockMovementEvent>([
      {
        type: 'shopstream.inventory.StockAdjusted',
        metadata: meta('ev-1'),
        sku: 'SKU-1',
        delta: -3,
        reason: 'DAMAGED',
        note: null,
      },
    ]);
    expect(toStockMovement(adjusted!)).toMatchObject({
      movement: 'ADJUSTED',
      onHandDelta: -3,
      reason: 'DAMAGED',
    });
  });

  it('gives a release back to what is available', () => {
    const [released] = givenEvents<StockMovementEvent>([
      {
        type: 'shopstream.inventory.StockReleased',
        metadata: meta('ev-2'),
        sku: 'SKU-1',
        orderId: 'o-2',
        quantity: 4,
      },
    ]);
    expect(toStockMovement(released!)).toMatchObject({
      movement: 'RELEASED',
      onHandDelta: 0,
      reservedDelta: -4,
    });
  });
});
