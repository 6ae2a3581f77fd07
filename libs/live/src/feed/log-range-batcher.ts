import { IncomingRecord } from '@shopstream/kafka';

export type Ranges = ReadonlyMap<number, { readonly from: bigint; readonly to: bigint }>;

interface Request {
  readonly ranges: Ranges;
  readonly resolve: (records: IncomingRecord[]) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Serves many resumes with few reads of the log: while one read is under way, the requests that arrive wait and
 * are then read together, over the union of their ranges, each getting back only its own. A reconnect storm of
 * thousands of clients costs a handful of log reads instead of one reader (and group join) per client.
 */
export class LogRangeBatcher {
  private pending: Request[] = [];
  private reading = false;

  constructor(private readonly readRanges: (ranges: Ranges) => Promise<IncomingRecord[]>) {}

  read(ranges: Ranges): Promise<IncomingRecord[]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ ranges, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        try {
          const records = await this.readRanges(unionOf(batch.map((r) => r.ranges)));
          for (const request of batch) request.resolve(records.filter((r) => within(request.ranges, r)));
        } catch (error) {
          for (const request of batch) request.reject(error);
        }
      }
    } finally {
      this.reading = false;
    }
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
