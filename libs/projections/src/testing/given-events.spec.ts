import { InventoryEvent } from '@shopstream/events';
import { givenEvents } from './given-events';

const received = (sku: string): InventoryEvent => ({
  type: 'shopstream.inventory.StockReceived',
  metadata: {
    eventId: `e-${sku}`,
    occurredAt: 0,
    aggregateId: sku,
    aggregateVersion: 1,
    correlationId: 'c',
    causationId: null,
    producer: 'test',
  },
  sku,
  quantity: 1,
});

describe('givenEvents', () => {
  it('places events on their topic at consecutive offsets, keyed by their aggregate', () => {
    const batch = givenEvents([received('A'), received('B')], { firstOffset: 7 });
    expect(batch.map((e) => [e.topic, e.partition, e.offset, e.key])).toEqual([
      ['shopstream.inventory', 0, '7', 'A'],
      ['shopstream.inventory', 0, '8', 'B'],
    ]);
  });
});
