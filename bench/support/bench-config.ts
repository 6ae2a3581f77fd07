import { loadConfig, PlatformConfig } from '@shopstream/config';

/** How big each measurement is: the full run is what the README quotes; quick is for development. */
export interface BenchSizes {
  readonly mode: 'full' | 'quick';
  /** Orders in the fixed event set (about 20 events each, across all topics). */
  readonly orders: number;
  /** Records per produce request in B1/B1'. */
  readonly produceBatch: number;
  /** Rows in each raw PostgreSQL measurement (B3, B4). */
  readonly postgresRows: number;
  /** Seconds of paced load while latency is sampled (L). */
  readonly latencySeconds: number;
  /** Seconds of the same load before sampling starts (L, and the sustained-load run before it). */
  readonly latencyWarmupSeconds: number;
  /** Seconds the sustained load is measured over (S: what the read models keep up with while events are produced). */
  readonly sustainedSeconds: number;
  /** Upper bound of the baseline's run; it is too slow to finish a large set. */
  readonly baselineSeconds: number;
  readonly apiSeconds: number;
  readonly apiConnections: number;
  /** Orders in the query API's own read-model set (its hot endpoints read them). */
  readonly queryOrders: number;
  /** Seconds of each query API measurement (autocannon runs at apiConnections, as the commerce API's). */
  readonly querySeconds: number;
  /** Upper bound of any single wait for projections to catch up. */
  readonly catchUpTimeoutMs: number;
}

export const QUICK: BenchSizes = {
  mode: 'quick',
  orders: 2_500,
  produceBatch: 2_000,
  postgresRows: 100_000,
  latencySeconds: 15,
  latencyWarmupSeconds: 5,
  sustainedSeconds: 10,
  baselineSeconds: 15,
  apiSeconds: 8,
  apiConnections: 16,
  queryOrders: 1_000,
  querySeconds: 5,
  catchUpTimeoutMs: 300_000,
};

export const FULL: BenchSizes = {
  mode: 'full',
  orders: 50_000,
  produceBatch: 5_000,
  postgresRows: 1_000_000,
  latencySeconds: 60,
  latencyWarmupSeconds: 10,
  sustainedSeconds: 30,
  baselineSeconds: 60,
  apiSeconds: 30,
  apiConnections: 32,
  queryOrders: 5_000,
  querySeconds: 15,
  catchUpTimeoutMs: 1_800_000,
};

export interface BenchOptions {
  readonly sizes: BenchSizes;
  /** Sections to leave out, e.g. `api` or `peer`. */
  readonly skip: ReadonlySet<string>;
  readonly platform: PlatformConfig;
  /**
   * L's offered events/s instead of half of S. S varies from run to run and L's tail rises steeply with its rate:
   * comparing two builds at one fixed rate isolates what changed.
   */
  readonly latencyRate?: number;
}

const SECTIONS = [
  'raw',
  'projections',
  'rebuild',
  'latency',
  'baseline',
  'peer',
  'api',
  'query',
  'live',
] as const;
export type Section = (typeof SECTIONS)[number];

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const skip = new Set<string>();
  let quick = false;
  let orders: number | undefined;
  let latencyRate: number | undefined;
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg.startsWith('--orders=')) {
      orders = Number(arg.slice('--orders='.length));
      if (!Number.isInteger(orders) || orders < 100)
        throw new Error(`--orders: a whole number of orders, at least 100; got '${arg.slice(9)}'`);
    } else if (arg.startsWith('--latency-rate=')) {
      latencyRate = Number(arg.slice('--latency-rate='.length));
      if (!Number.isInteger(latencyRate) || latencyRate < 50)
        throw new Error(`--latency-rate: whole events per second, at least 50; got '${arg.slice(15)}'`);
    } else if (arg.startsWith('--skip=')) {
      for (const s of arg.slice('--skip='.length).split(',')) {
        if (!(SECTIONS as readonly string[]).includes(s))
          throw new Error(`--skip: unknown section '${s}'; one of ${SECTIONS.join(', ')}`);
        skip.add(s);
      }
    } else
      throw new Error(
        `unknown argument '${arg}'; usage: run.js [--quick] [--orders=N] [--latency-rate=N] [--skip=${SECTIONS.join(',')}]`,
      );
  }
  const sizes = quick ? QUICK : FULL;
  return {
    sizes: orders ? { ...sizes, orders } : sizes,
    skip,
    platform: loadConfig(),
    ...(latencyRate ? { latencyRate } : {}),
  };
}
