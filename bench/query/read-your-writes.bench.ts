import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { EventProducer } from '@shopstream/kafka';
import { freshRecords, producePaced } from '../support/paced-producer';
import { percentiles } from '../support/stats';
import { sleep } from '../support/wait-for';
import { getQuery } from './query-requests';
import {
  CommitWatch,
  ReadYourWritesBreakdown,
  sampleStages,
  SampleTimes,
  scrapeStages,
  stagesBetween,
  WatchedTable,
} from './ryw-breakdown';

export interface ReadYourWritesFigure {
  readonly samples: number;
  /** From a write's acknowledgement to the answer that reflects it (the read itself included). */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** The same read without a position right after: what the read costs without any wait. */
  readonly plainP50Ms: number;
  readonly plainP99Ms: number;
  /** Answers that did not reflect the write (behind, refused): never counted as samples. */
  readonly notReflected: number;
  /** Events/s of the other writes offered meanwhile, and what the producer achieved. */
  readonly loadPerSecond: number;
  readonly achievedLoadPerSecond: number;
  /** Where the samples' time went. */
  readonly breakdown: ReadYourWritesBreakdown;
}

/**
 * Read-your-writes under load: while the order-flow mix is produced at `loadPerSecond` into the run's topics (the
 * projector busy as in L), one write after another is acknowledged and then read with its position; each read
 * waits until the read model reflects that write. A read without a position follows each one, for reference.
 */
export async function measureReadYourWrites(options: {
  readonly producer: EventProducer;
  readonly codec: EventCodec<ShopstreamEvent>;
  readonly ns: string;
  readonly url: string;
  readonly sku: string;
  readonly loadPerSecond: number;
  readonly seconds: number;
  /** Produces events into the run's topics; the position token of where they landed. */
  readonly send: (events: readonly ShopstreamEvent[]) => Promise<string>;
  /** PostgreSQL as the superuser, to hear the projector's commits as the query API's cache does. */
  readonly databaseUrl: string;
  /** The projector's and the query API's Prometheus endpoints, and the instance name of the stock read model. */
  readonly projectorMetricsUrl: string;
  readonly stockProjection: string;
  /** The table the stock read model of that instance writes: its commits are the samples' commits. */
  readonly stockTable: WatchedTable;
}): Promise<ReadYourWritesFigure> {
  const { loadPerSecond, sku } = options;
  const load = await freshRecords(
    options.codec,
    options.ns,
    'ryw',
    4_711,
    Math.ceil(loadPerSecond * options.seconds),
  );
  let loading = true;
  const background = producePaced(options.producer, load, loadPerSecond, () => undefined).finally(
    () => (loading = false),
  );
  const waits: number[] = [];
  const plain: number[] = [];
  const times: SampleTimes[] = [];
  let notReflected = 0;
  const commits = await CommitWatch.start(options.databaseUrl, options.stockTable);
  const scrape = () =>
    scrapeStages(options.projectorMetricsUrl, `${options.url}/metrics`, options.stockProjection);
  // The first second of load fills the pipeline; samples start once it runs at its rate.
  await sleep(1_000);
  const before = await scrape();
  for (let i = 0; loading && i < 2_000; i++) {
    const committed = commits.next(sku);
    const sent = performance.now();
    const position = await options.send([stockReceived(options.ns, sku, i)]);
    const acked = performance.now();
    const answer = await getQuery(`${options.url}/inventory/${sku}`, { 'X-Min-Position': position });
    await answer.arrayBuffer();
    const answered = performance.now();
    if (answer.status === 200) {
      waits.push(answered - acked);
      times.push({ sent, acked, committed: await committed, answered });
    } else notReflected++;
    const plainStarted = process.hrtime.bigint();
    await (await getQuery(`${options.url}/inventory/${sku}`)).arrayBuffer();
    plain.push(Number(process.hrtime.bigint() - plainStarted) / 1e6);
  }
  const produced = await background;
  const after = await scrape();
  await commits.stop();
  const withWait = percentiles(waits);
  const without = percentiles(plain);
  return {
    samples: waits.length,
    p50Ms: withWait.p50,
    p99Ms: withWait.p99,
    plainP50Ms: without.p50,
    plainP99Ms: without.p99,
    notReflected,
    loadPerSecond,
    achievedLoadPerSecond: produced.sent / produced.seconds,
    breakdown: { ...sampleStages(times), ...stagesBetween(before, after) },
  };
}

function stockReceived(ns: string, sku: string, i: number): ShopstreamEvent {
  return {
    type: 'shopstream.inventory.StockReceived',
    metadata: {
      eventId: randomUUID(),
      occurredAt: Date.now(),
      aggregateId: sku,
      aggregateVersion: 1_000_000 + i,
      correlationId: `${ns}-ryw`,
      causationId: null,
      producer: 'bench',
    },
    sku,
    quantity: 1,
  };
}
