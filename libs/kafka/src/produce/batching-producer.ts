import { RecordsNotAcknowledgedError } from '../kafka.errors';
import { EventProducer, OutgoingRecord, RecordPosition } from './event-producer';

interface Pending {
  readonly records: readonly OutgoingRecord[];
  resolve(positions: RecordPosition[]): void;
  reject(error: unknown): void;
}

export interface BatchingProducerStats {
  /** Calls to send(). */
  readonly requests: number;
  /** Produce requests sent to Kafka: fewer than `requests` when concurrent callers shared one. */
  readonly produceCalls: number;
  readonly records: number;
}

/**
 * Lets many concurrent callers share produce requests: records queued within `lingerMs` (or until `maxRecords`) go
 * to Kafka in one idempotent, acks=all request, and each caller resolves with its own positions once it is
 * acknowledged. The broker's per-request cost is paid once per batch instead of once per HTTP request.
 */
export class BatchingProducer {
  private queue: Pending[] = [];
  private queued = 0;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> = Promise.resolve();
  private stats = { requests: 0, produceCalls: 0, records: 0 };

  constructor(
    private readonly producer: EventProducer,
    private readonly lingerMs = 2,
    private readonly maxRecords = 5_000,
  ) {}

  send(records: readonly OutgoingRecord[]): Promise<RecordPosition[]> {
    this.stats.requests++;
    if (records.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      this.queued += records.length;
      if (this.queued >= this.maxRecords) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.lingerMs);
    });
  }

  get statistics(): BatchingProducerStats {
    return { ...this.stats };
  }

  /** Waits for everything queued to be acknowledged or failed. */
  async drain(): Promise<void> {
    this.flush();
    await this.inFlight;
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.queued = 0;
    // One request at a time keeps each key's records in the order callers sent them.
    this.inFlight = this.inFlight.then(async () => {
      this.stats.produceCalls++;
      const all = batch.flatMap((p) => p.records);
      this.stats.records += all.length;
      try {
        const positions = await this.producer.send(all);
        let at = 0;
        for (const p of batch) {
          p.resolve(positions.slice(at, at + p.records.length));
          at += p.records.length;
        }
      } catch (error) {
        settlePartly(batch, error);
      }
    });
  }
}

/**
 * A shared request that failed for some partitions only: callers whose records were all written still get their
 * positions (failing them would invite a retry that writes those records twice); the others get the error.
 */
function settlePartly(batch: readonly Pending[], error: unknown): void {
  const acknowledged =
    error instanceof RecordsNotAcknowledgedError ? error.acknowledged : new Map<number, RecordPosition>();
  let at = 0;
  for (const p of batch) {
    const mine = p.records.map((_, i) => acknowledged.get(at + i));
    at += p.records.length;
    if (mine.every((position) => position !== undefined)) p.resolve(mine as RecordPosition[]);
    else p.reject(error);
  }
}
