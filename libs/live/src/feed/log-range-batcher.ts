import { IncomingRecord } from '@shopstream/kafka';
import { CoalescingBatcher } from './coalescing-batcher';

export type Ranges = ReadonlyMap<number, { readonly from: bigint; readonly to: bigint }>;

/**
 * Serves many resumes with few reads of the log: while one read is under way, the requests that arrive wait and
 * are then read together, over the union of their ranges, each getting back only its own. A reconnect storm of
 * thousands of clients costs a handful of log reads instead of one reader (and group join) per client.
 */
export class LogRangeBatcher {
  private readonly batches: CoalescingBatcher<Ranges, IncomingRecord[]>;

  constructor(readRanges: (ranges: Ranges) => Promise<IncomingRecord[]>) {
    this.batches = new CoalescingBatcher(async (all) => {
      const records = await readRanges(unionOf(all));
      return all.map((ranges) => records.filter((r) => within(ranges, r)));
    });
  }

  read(ranges: Ranges): Promise<IncomingRecord[]> {
    return this.batches.submit(ranges);
  }
}

export function unionOf(all: readonly Ranges[]): Ranges {
  const union = new Map<number, { from: bigint; to: bigint }>();
  for (const ranges of all)
    for (const [partition, range] of ranges) {
      if (range.to <= range.from) continue;
      const known = union.get(partition);
      union.set(
        partition,
        known
          ? {
              from: range.from < known.from ? range.from : known.from,
              to: range.to > known.to ? range.to : known.to,
            }
          : { ...range },
      );
    }
  return union;
}

function within(ranges: Ranges, record: IncomingRecord): boolean {
  const range = ranges.get(record.partition);
  const offset = BigInt(record.offset);
  return range !== undefined && offset >= range.from && offset < range.to;
}
