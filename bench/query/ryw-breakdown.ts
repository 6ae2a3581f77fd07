import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { percentiles } from '../support/stats';

/** The query API's cache triggers announce each committed change of a watched read-model table here. */
const READ_MODEL_CHANGED_CHANNEL = 'shopstream_read_model_changed';

export interface StageFigure {
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * Where a read-your-writes sample's time went. Per sample (exact, on the bench's clock): the write until Kafka
 * acknowledged it, the acknowledgement until the projector's commit was announced (LISTEN on the cache triggers'
 * channel), and the announcement until the answer. Inside the projector and the query API, estimated from their
 * histograms over the measured seconds (every event of the load included, bucket resolution).
 */
export interface ReadYourWritesBreakdown {
  readonly samples: number;
  readonly sendToAck: StageFigure;
  readonly ackToCommit: StageFigure;
  readonly commitToAnswer: StageFigure;
  readonly projector: {
    readonly fetchDelay: StageFigure | null;
    readonly queued: StageFigure | null;
    readonly apply: StageFigure | null;
    readonly visible: StageFigure | null;
  };
  readonly queryWait: StageFigure | null;
}

export interface SampleTimes {
  readonly sent: number;
  readonly acked: number;
  readonly committed: number;
  readonly answered: number;
}

const figure = (values: readonly number[]): StageFigure => {
  const p = percentiles(values);
  return { p50Ms: p.p50, p99Ms: p.p99 };
};

/** Per-sample stages from their times (performance.now() milliseconds). */
export function sampleStages(samples: readonly SampleTimes[]) {
  return {
    samples: samples.length,
    sendToAck: figure(samples.map((s) => s.acked - s.sent)),
    ackToCommit: figure(samples.map((s) => s.committed - s.acked)),
    commitToAnswer: figure(samples.map((s) => s.answered - s.committed)),
  };
}

/** The read-model table whose commits a CommitWatch hears. */
export interface WatchedTable {
  readonly schema: string;
  readonly table: string;
}

/**
 * Hears the commits that change a key of one watched read-model table, as the query API's cache does: `next(key)`,
 * asked before the write, resolves with the time the first commit touching `key` was announced after it. Only that
 * table's announcements count: another table's statement that touched too many keys to list says nothing of this
 * one (counting it made a sample's commit look hundreds of milliseconds early under load).
 */
export class CommitWatch {
  private readonly waiting = new Map<string, (at: number) => void>();

  private constructor(
    private readonly client: Client,
    watched: WatchedTable,
  ) {
    client.on('notification', (n) => {
      if (n.channel !== READ_MODEL_CHANGED_CHANNEL || !n.payload) return;
      const at = performance.now();
      const { schema, table, keys } = JSON.parse(n.payload) as {
        schema: string;
        table: string;
        keys: string[] | null;
      };
      if (schema !== watched.schema || table !== watched.table) return;
      for (const [key, resolve] of this.waiting)
        if (keys === null || keys.includes(key)) {
          this.waiting.delete(key);
          resolve(at);
        }
    });
  }

  static async start(databaseUrl: string, watched: WatchedTable): Promise<CommitWatch> {
    const client = new Client({ connectionString: databaseUrl, application_name: 'shopstream bench ryw' });
    await client.connect();
    await client.query(`listen ${READ_MODEL_CHANGED_CHANNEL}`);
    return new CommitWatch(client, watched);
  }

  next(key: string): Promise<number> {
    return new Promise((resolve) => this.waiting.set(key, resolve));
  }

  stop(): Promise<void> {
    return this.client.end();
  }
}

/** One histogram's cumulative buckets (le in seconds → count) from Prometheus text, for one label set. */
export type Buckets = ReadonlyMap<number, number>;

export function histogramBuckets(text: string, name: string, labels: Record<string, string>): Buckets {
  const buckets = new Map<number, number>();
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}_bucket{`)) continue;
    const close = line.lastIndexOf('}');
    const labelText = line.slice(name.length + '_bucket{'.length, close);
    if (!wanted.every((w) => labelText.split(',').includes(w))) continue;
    const le = /le="([^"]+)"/.exec(labelText)?.[1];
    if (le === undefined) continue;
    buckets.set(le === '+Inf' ? Infinity : Number(le), Number(line.slice(close + 1).trim()));
  }
  return buckets;
}

/**
 * The p50 and p99 of what a histogram observed between two scrapes, interpolated within a bucket (the bucket's
 * upper bound for the last one); null when it observed nothing.
 */
export function histogramDelta(before: Buckets, after: Buckets): StageFigure | null {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const counts = bounds.map((le) => (after.get(le) ?? 0) - (before.get(le) ?? 0));
  const total = counts.at(-1) ?? 0;
  if (total <= 0) return null;
  const at = (q: number) => {
    const rank = q * total;
    for (const [i, le] of bounds.entries()) {
      if (counts[i]! < rank) continue;
      const lower = i === 0 ? 0 : bounds[i - 1]!;
      const below = i === 0 ? 0 : counts[i - 1]!;
      if (le === Infinity) return lower * 1000;
      const inBucket = counts[i]! - below;
      return (lower + ((le - lower) * (rank - below)) / Math.max(1, inBucket)) * 1000;
    }
    return Number.NaN;
  };
  return { p50Ms: at(0.5), p99Ms: at(0.99) };
}

/** The stage histograms of one projection (projector) and of waited reads (query API), scraped before and after. */
export async function scrapeStages(projectorMetricsUrl: string, queryMetricsUrl: string, projection: string) {
  const [projector, query] = await Promise.all(
    [projectorMetricsUrl, queryMetricsUrl].map(async (url) => (await fetch(url)).text()),
  );
  const of = (name: string) => histogramBuckets(projector!, name, { projection });
  return {
    fetchDelay: of('shopstream_projection_fetch_delay_seconds'),
    queued: of('shopstream_projection_queued_seconds'),
    apply: of('shopstream_projection_apply_seconds'),
    visible: of('shopstream_projection_visible_seconds'),
    queryWait: histogramBuckets(query!, 'query_api_read_wait_seconds', { outcome: 'applied' }),
  };
}

export type StageScrape = Awaited<ReturnType<typeof scrapeStages>>;

export function stagesBetween(before: StageScrape, after: StageScrape) {
  return {
    projector: {
      fetchDelay: histogramDelta(before.fetchDelay, after.fetchDelay),
      queued: histogramDelta(before.queued, after.queued),
      apply: histogramDelta(before.apply, after.apply),
      visible: histogramDelta(before.visible, after.visible),
    },
    queryWait: histogramDelta(before.queryWait, after.queryWait),
  };
}

const ms = (f: StageFigure | null) => (f ? `p50 ${f.p50Ms.toFixed(1)}/p99 ${f.p99Ms.toFixed(1)} ms` : 'none');

/** The breakdown on one log line. */
export function breakdownLine(b: ReadYourWritesBreakdown): string {
  return (
    `breakdown over ${b.samples} samples: send→ack ${ms(b.sendToAck)}, ack→commit ${ms(b.ackToCommit)}, ` +
    `commit→answer ${ms(b.commitToAnswer)}; projector (all events, histograms): fetch delay ${ms(b.projector.fetchDelay)}, ` +
    `queued ${ms(b.projector.queued)}, transaction ${ms(b.projector.apply)}, timestamp→commit ${ms(b.projector.visible)}; ` +
    `query API wait ${ms(b.queryWait)}`
  );
}
