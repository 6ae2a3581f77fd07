import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, PlatformConfig } from '@shopstream/config';
import { createDataSource } from '@shopstream/database';
import { createEventCodec, ShopstreamEvent } from '@shopstream/events';
import { applyTopicCatalog, deleteTopics, EventProducer, useKafkaCredentials } from '@shopstream/kafka';
import { liveInstanceOf, topicsOf } from '@shopstream/projections';
import { encodeConsistencyToken, GET_STOCK_READS } from '@shopstream/queries';
import { READ_MODELS } from '@shopstream/read-models';
import { keyOf, orderFlowHistory } from '@shopstream/simulation';
import { startProjectorProcess } from '../platform/projector-process';
import { Cleanup } from '../support/cleanup';
import { optionalModule } from '../support/optional-module';
import { waitFor } from '../support/wait-for';
import { freePort, startQueryApi } from './query-api-process';
import { getQuery, LoadRequest, queryHeaders, rotatingRequests } from './query-requests';
import { measureReadYourWrites, ReadYourWritesFigure } from './read-your-writes.bench';
import { breakdownLine } from './ryw-breakdown';

/** The part of autocannon's API used here (it ships no types of its own). */
interface AutocannonResult {
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  '2xx': number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  /** Seconds to run, or with `amount` the number of requests to send instead. */
  duration?: number;
  amount?: number;
  requests: LoadRequest[];
}) => Promise<AutocannonResult>;

export interface QueryFigure {
  readonly endpoint: string;
  readonly cache: 'on' | 'off';
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failed: number;
}

export interface QueryBenchResult {
  readonly connections: number;
  readonly seconds: number;
  readonly hot: readonly QueryFigure[];
  readonly readYourWrites: ReadYourWritesFigure;
}

/**
 * The query API's figures on a read-model set of its own (a projector namespace fed a generated history): the hot
 * endpoints with the Redis cache and without it, and read-your-writes right after a write while other writes load
 * the projector at `loadPerSecond`. Two query API processes, the same build, the same read models; only
 * SHOPSTREAM_QUERY_CACHE differs.
 */
export async function runQueryBench(options: {
  platform: PlatformConfig;
  orders: number;
  connections: number;
  seconds: number;
  /** Events/s of other writes while read-your-writes is measured: half of what the projector sustains. */
  loadPerSecond: number;
  log: (line: string) => void;
}): Promise<QueryBenchResult | string> {
  const autocannon = optionalModule<Autocannon>('autocannon');
  if (!autocannon) return 'autocannon is not installed';
  const { platform, log } = options;
  const ns = `bq_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const cleanup = new Cleanup();
  const dataSource = createDataSource(platform.database.url, { poolSize: 4 });
  await dataSource.initialize();
  cleanup.add('close the database pool', () => dataSource.destroy());
  const topics = [...new Set(READ_MODELS.flatMap(topicsOf))].map((t) => `${t}.${ns}`);
  try {
    await applyTopicCatalog(
      platform.kafka.brokers,
      topics.map((name) => ({
        name,
        description: 'query bench',
        key: 'id',
        partitions: 6,
        replicationFactor: 1,
        minInsyncReplicas: 1,
        config: {},
      })),
    );
    cleanup.add('delete the bench topics', () => deleteTopics(platform.kafka.brokers, topics));
    const codec = createEventCodec(platform.registry.url);
    const producer = new EventProducer({ brokers: platform.kafka.brokers, clientId: 'bench-query' });
    await producer.connect();
    cleanup.add('disconnect the producer', () => producer.disconnect());
    const send = async (events: readonly ShopstreamEvent[]) => {
      const records = await Promise.all(
        events.map(async (e) => ({
          topic: `${codec.topicOf(e)}.${ns}`,
          key: keyOf(e),
          value: await codec.encode(e),
        })),
      );
      const positions = [];
      for (let i = 0; i < records.length; i += 5_000)
        positions.push(...(await producer.send(records.slice(i, i + 5_000))));
      return encodeConsistencyToken(positions.map((p) => ({ ...p, offset: BigInt(p.offset) })));
    };
    const history = orderFlowHistory({ orders: options.orders, seed: 2026, prefix: ns });
    log(`query bench: ${history.length} events of ${options.orders} orders into namespace ${ns}`);
    const projector = await startProjectorProcess({
      dataSource,
      brokers: platform.kafka.brokers,
      ns,
      projections: READ_MODELS,
      cleanup,
    });
    const token = await send(history);
    const logFile = path.join(os.tmpdir(), `${ns}-query-api.log`);
    const urls: Record<'on' | 'off', string> = { on: '', off: '' };
    for (const cache of ['on', 'off'] as const) {
      const port = await freePort();
      startQueryApi(
        platform,
        {
          SHOPSTREAM_PROJECTOR_NAMESPACE: ns,
          SHOPSTREAM_QUERY_API_PORT: String(port),
          SHOPSTREAM_QUERY_CACHE: cache,
        },
        cleanup,
        logFile,
      );
      urls[cache] = `http://127.0.0.1:${port}`;
    }
    await waitFor(
      async () =>
        (await getQuery(`${urls.off}/orders?limit=1&waitMs=0&after=${token}`).catch(() => null))?.status ===
        200,
      { timeoutMs: 600_000, intervalMs: 500, what: 'the projector to apply the history' },
    );
    // The cached API watches the projector's tables once they exist; until then it reads PostgreSQL.
    await waitFor(
      async () => {
        // A small history is applied before the cached API listens: refused connections mean "not yet".
        const answer = await getQuery(`${urls.on}/cache`).catch(() => null);
        return ((await answer?.json()) as { cached?: unknown[] } | undefined)?.cached?.length === 2;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'the cached query API to watch the read models' },
    );

    const placed = history.filter((e) => e.type === 'shopstream.orders.OrderPlaced');
    const orderIds = placed.slice(0, 1_000).map((e) => e.orderId);
    const skus = [...new Set(placed.flatMap((e) => e.lines.map((l) => l.sku)))];
    const endpoints: [string, LoadRequest[], number][] = [
      ['GET /orders/:id', rotatingRequests(orderIds.map((id) => `/orders/${id}`)), orderIds.length],
      ['GET /inventory/:sku', rotatingRequests(skus.map((s) => `/inventory/${s}`)), skus.length],
      ['GET /inventory?lowStock=true', [{ path: '/inventory?lowStock=true', headers: queryHeaders() }], 1],
    ];
    const hot: QueryFigure[] = [];
    for (const [endpoint, requests, keys] of endpoints)
      for (const cache of ['on', 'off'] as const) {
        // A pass to warm the cache (and PostgreSQL's buffers alike) before the measured one: every key of the hot
        // set at least once, so the measured pass reads a hot set, not misses (2 s of warming covered about half
        // of 1,000 orders, whose misses then set the cached figure).
        await autocannon({ url: urls[cache], connections: 8, amount: Math.max(keys * 2, 2_000), requests });
        const r = await autocannon({
          url: urls[cache],
          connections: options.connections,
          duration: options.seconds,
          requests,
        });
        const figure = {
          endpoint,
          cache,
          perSecond: r['2xx'] / r.duration,
          p50Ms: r.latency.p50,
          p99Ms: r.latency.p99,
          failed: r.non2xx + r.errors + r.timeouts,
        };
        hot.push(figure);
        log(
          `query bench: ${endpoint} cache ${cache}: ${Math.round(figure.perSecond)}/s, p50 ${figure.p50Ms} ms, p99 ${figure.p99Ms} ms, ${figure.failed} failed`,
        );
      }

    const ryw = await measureReadYourWrites({
      producer,
      codec,
      ns,
      url: urls.on,
      sku: skus[0]!,
      loadPerSecond: options.loadPerSecond,
      seconds: Math.max(10, options.seconds),
      send,
      databaseUrl: platform.database.url,
      projectorMetricsUrl: projector.metricsUrl,
      stockProjection: projector.instanceOf(GET_STOCK_READS[0]!.name),
      stockTable: { schema: liveInstanceOf(GET_STOCK_READS[0]!, ns).schema, table: 'stock_levels' },
    });
    log(
      `query bench: read-your-writes at ${Math.round(ryw.achievedLoadPerSecond)} events/s of other writes: ` +
        `p50 ${ryw.p50Ms.toFixed(1)} ms, p99 ${ryw.p99Ms.toFixed(1)} ms (the read alone: p99 ${ryw.plainP99Ms.toFixed(1)} ms), ` +
        `${ryw.samples} samples, ${ryw.notReflected} not reflected`,
    );
    log(`query bench: read-your-writes ${breakdownLine(ryw.breakdown)}`);
    return { connections: options.connections, seconds: options.seconds, hot, readYourWrites: ryw };
  } finally {
    await cleanup.run();
  }
}

if (require.main === module) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const platform = loadConfig();
  // Logged in as the platform's operator, as bench/run.ts and the CLI are.
  useKafkaCredentials(platform.kafka.credentials);
  runQueryBench({
    platform,
    orders: arg('orders', 2_000),
    connections: arg('connections', 50),
    seconds: arg('seconds', 10),
    loadPerSecond: arg('load', 500),
    log: (line) => process.stdout.write(`${line}\n`),
  })
    .then((result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`query bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}
