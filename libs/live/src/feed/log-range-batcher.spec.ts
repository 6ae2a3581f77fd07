import { IncomingRecord } from '@shopstream/kafka';
import { LogRangeBatcher, Ranges, unionOf } from './log-range-batcher';

const record = (partition: number, offset: number): IncomingRecord => ({
  topic: 't',
  partition,
  offset: String(offset),
  key: null,
  value: null,
  timestamp: 0,
  headers: {},
});

const ranges = (...entries: [number, number, number][]): Ranges =>
  new Map(entries.map(([p, from, to]) => [p, { from: BigInt(from), to: BigInt(to) }]));

describe('LogRangeBatcher', () => {
  it('unites ranges per partition and leaves out empty ones', () => {
    expect(unionOf([ranges([0, 5, 9], [1, 3, 3]), ranges([0, 2, 6], [2, 1, 4])])).toEqual(
      ranges([0, 2, 9], [2, 1, 4]),
    );
  });

  it('reads the requests that arrive during a read together, and gives each only its own records', async () => {
    const reads: Ranges[] = [];
    const log = [record(0, 1), record(0, 2), record(0, 3), record(1, 7)];
    const batcher = new LogRangeBatcher((union) => {
      reads.push(union);
      return Promise.resolve(
        log.filter((r) => {
          const range = union.get(r.partition);
          return range !== undefined && BigInt(r.offset) >= range.from && BigInt(r.offset) < range.to;
        }),
      );
    });
    const first = batcher.read(ranges([0, 1, 2]));
    const second = batcher.read(ranges([0, 2, 4]));
    const third = batcher.read(ranges([1, 0, 8]));
    expect((await first).map((r) => r.offset)).toEqual(['1']);
    expect((await second).map((r) => r.offset)).toEqual(['2', '3']);
    expect((await third).map((r) => r.offset)).toEqual(['7']);
    expect(reads).toEqual([ranges([0, 1, 2]), ranges([0, 2, 4], [1, 0, 8])]);
  });
});
