import { ShopstreamEvent } from '@shopstream/events';
import { advancesOf, firstOfEachPartition, QueuedBatch } from './queued-batch';

const queued = (topic: string, partition: number, offsets: number[]): QueuedBatch => ({
  batch: { topic, partition, records: [], highWatermark: '1000' },
  events: offsets.map((o) => ({
    event: {} as ShopstreamEvent,
    topic,
    partition,
    offset: String(o),
    key: null,
  })),
  receivedAt: 0,
});

describe('queued batches', () => {
  it('moves each partition once, from its first queued event to after its last', () => {
    const members = [queued('a', 0, [10, 11]), queued('b', 1, [5]), queued('a', 0, [12, 13])];
    expect(advancesOf(members)).toEqual([
      { topic: 'a', partition: 0, fromOffset: '10', nextOffset: '14' },
      { topic: 'b', partition: 1, fromOffset: '5', nextOffset: '6' },
    ]);
  });

  it('reads each partition again from its first queued batch', () => {
    const first = queued('a', 0, [10]);
    const other = queued('a', 1, [3]);
    expect(firstOfEachPartition([first, other, queued('a', 0, [11])])).toEqual([first, other]);
  });
});
