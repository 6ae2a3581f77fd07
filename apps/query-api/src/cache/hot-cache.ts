import { createLogger } from '@shopstream/logging';
import { createClient } from 'redis';
import { CacheMetrics } from './cache-metrics';

export interface HotCacheSettings {
  readonly url: string;
  readonly ttlS: number;
  /** Answers larger than this are not cached: the bound on what one key may hold. */
  readonly maxEntryBytes: number;
  /** A Redis call slower than this is abandoned and the query goes to PostgreSQL. */
  readonly timeoutMs: number;
}

type Client = ReturnType<typeof createClient>;

/*
 * Writes a value only if the key's invalidation counter is still what the reader saw before it read PostgreSQL. An
 * invalidation that landed meanwhile moved the counter, so a slow reader's older value is dropped instead of
 * overwriting the fresher state (the compare-and-set the cache-aside race needs).
 */
const PUT_IF_UNCHANGED = `
  local seen = redis.call('GET', KEYS[2])
  if (seen or '') ~= ARGV[1] then return 0 end
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
  return 1`;

const INVALIDATE = `
  for i = 1, #KEYS do
    redis.call('INCR', KEYS[i] .. ':inv')
    redis.call('EXPIRE', KEYS[i] .. ':inv', ARGV[1])
    redis.call('DEL', KEYS[i])
  end
  return #KEYS`;

const GENERATION_KEY = 'shopstream:query-cache:generation';
const GENERATION_RETRY_MS = 1_000;

/**
 * The positions a cached value reflects at least: the next offset of each slot of its read models (by the engine's
 * slot key), read before the value was read from PostgreSQL.
 */
export type Stamp = Readonly<Record<string, string>>;

/** How `through` stamps what it writes back, and which stamps a read may be answered with. */
export interface Freshness {
  /** The positions PostgreSQL has applied now; read before the value, so the value reflects at least these. */
  stamp(): Promise<Stamp>;
  /** Whether a cached value of this stamp reflects what the reader asked for (a read with a position token). */
  accepts(at: Stamp): boolean;
}

/**
 * What a read found: a value and the positions it reflects, or the counter to present when writing the value it
 * reads from PostgreSQL (also given with a hit, for a reader that finds the value older than it may answer).
 */
type Lookup<T> =
  | { readonly hit: true; readonly value: T; readonly at: Stamp; readonly seen: string | null }
  | { readonly hit: false; readonly seen: string | null };

interface Entry {
  readonly v: unknown;
  readonly at?: Stamp;
}

/**
 * Cache-aside in Redis for the hot reads. Keys carry the cache generation and the epoch of the read models they
 * come from (their projections' versions), so a rebuild's swap, or a reconnection after invalidations may have
 * been missed, starts a fresh key space. Every Redis failure or slow answer is absorbed: the caller reads
 * PostgreSQL, a metric counts it, and the cache warms again once Redis answers.
 */
export class HotCache {
  private readonly logger = createLogger('query-api');
  private readonly client: Client;
  private generation: string | null = null;
  private healthy = false;
  private generationRetry: NodeJS.Timeout | null = null;

  constructor(
    private readonly settings: HotCacheSettings,
    private readonly metrics: CacheMetrics,
  ) {
    this.client = createClient({
      url: settings.url,
      // Fail at once while disconnected rather than queue: a queued read would wait longer than PostgreSQL takes.
      disableOfflineQueue: true,
      socket: { connectTimeout: 1_000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000) },
    });
    this.client.on('error', (error: unknown) => {
      if (this.healthy)
        this.logger.warn({ err: error }, 'Redis unavailable: queries read PostgreSQL meanwhile');
      this.healthy = false;
      this.generation = null;
    });
    this.client.on('ready', () => {
      this.healthy = true;
      // Invalidations may have been lost while Redis was away: start a new generation rather than trust old keys.
      void this.startGeneration();
    });
  }

  get state(): 'up' | 'down' {
    return this.healthy && this.generation !== null ? 'up' : 'down';
  }

  async start(): Promise<void> {
    // A Redis that is down at start is not fatal: the client keeps reconnecting in the background.
    await this.client.connect().catch((error: unknown) => {
      this.logger.warn(
        { err: error },
        'Redis unavailable at start: queries read PostgreSQL until it answers',
      );
    });
  }

  async stop(): Promise<void> {
    if (this.generationRetry) clearTimeout(this.generationRetry);
    this.generationRetry = null;
    if (this.client.isOpen) await this.client.close();
  }

  /** Counters since start, for `shopstream status`. */
  async counts(): Promise<{ hits: number; misses: number; fallbacks: number; invalidations: number }> {
    const sum = async (
      metric: { get(): Promise<{ values: { value: number; labels: Record<string, unknown> }[] }> },
      outcome?: string,
    ) =>
      (await metric.get()).values
        .filter((v) => outcome === undefined || v.labels.outcome === outcome)
        .reduce((total, v) => total + v.value, 0);
    return {
      hits: await sum(this.metrics.lookups, 'hit'),
      misses: await sum(this.metrics.lookups, 'miss'),
      fallbacks: await sum(this.metrics.fallbacks),
      invalidations: await sum(this.metrics.invalidations),
    };
  }

  /** Forgets every cached answer (a new key space): after a swap, or when invalidations may have been missed. */
  async flush(): Promise<void> {
    this.generation = null;
    await this.startGeneration();
  }

  /**
   * The cached answer of `key` when `freshness` accepts the positions it reflects, else `load()`'s, written back
   * with the positions read before it unless an invalidation superseded it meanwhile. A cached value older than the
   * reader's token counts as `behind` and is replaced by the fresher one. `null` answers (not found) are not cached.
   */
  async through<T>(
    endpoint: string,
    key: string,
    load: () => Promise<T | null>,
    freshness: Freshness,
  ): Promise<T | null> {
    const fullKey = this.keyOf(key);
    // No generation: Redis is away (or was, and invalidations may have been missed); PostgreSQL answers.
    if (fullKey === null) this.metrics.fallbacks.inc({ operation: 'unavailable' });
    const lookup = fullKey ? await this.lookup<T>(endpoint, fullKey) : null;
    if (lookup?.hit && freshness.accepts(lookup.at)) {
      this.metrics.lookups.inc({ endpoint, outcome: 'hit' });
      return lookup.value;
    }
    if (lookup) this.metrics.lookups.inc({ endpoint, outcome: lookup.hit ? 'behind' : 'miss' });
    const at = fullKey && lookup ? await freshness.stamp() : {};
    const value = await load();
    if (fullKey && lookup && value !== null) await this.putIfUnchanged(fullKey, lookup.seen, value, at);
    return value;
  }

  /** Drops the cached answers of `keys` and moves their counters, so no reader in flight writes them back. */
  async invalidate(keys: readonly string[]): Promise<void> {
    const fullKeys = keys.map((k) => this.keyOf(k)).filter((k): k is string => k !== null);
    if (fullKeys.length === 0) return;
    try {
      await this.withTimeout(
        this.client.eval(INVALIDATE, { keys: fullKeys, arguments: [String(this.settings.ttlS * 2)] }),
      );
      this.metrics.invalidations.inc(fullKeys.length);
    } catch (error) {
      // An invalidation that may not have landed: nothing cached can be trusted any more.
      this.metrics.fallbacks.inc({ operation: 'invalidate' });
      this.logger.warn({ err: error }, 'invalidating cached answers failed: starting a new cache generation');
      this.generation = null;
      void this.startGeneration();
    }
  }

  /** Exposed for the test that forces a slow reader past an invalidation. */
  async lookup<T>(_endpoint: string, fullKey: string): Promise<Lookup<T> | null> {
    try {
      const [text, seen] = await this.withTimeout(this.client.mGet([fullKey, `${fullKey}:inv`]));
      if (text === null || text === undefined) return { hit: false, seen: seen ?? null };
      const entry = JSON.parse(text) as Entry;
      return { hit: true, value: entry.v as T, at: entry.at ?? {}, seen: seen ?? null };
    } catch (error) {
      this.fellBack('read', error);
      return null;
    }
  }

  async putIfUnchanged(
    fullKey: string,
    seen: string | null,
    value: unknown,
    at: Stamp = {},
  ): Promise<boolean> {
    const text = JSON.stringify({ v: value, at } satisfies Entry);
    if (Buffer.byteLength(text) > this.settings.maxEntryBytes) return false;
    try {
      const stored = await this.withTimeout(
        this.client.eval(PUT_IF_UNCHANGED, {
          keys: [fullKey, `${fullKey}:inv`],
          arguments: [seen ?? '', text, String(this.settings.ttlS)],
        }),
      );
      if (stored !== 1) this.metrics.superseded.inc();
      return stored === 1;
    } catch (error) {
      this.fellBack('write', error);
      return false;
    }
  }

  /** The Redis key of a cache key in the current generation; null while there is none (Redis down). */
  keyOf(key: string): string | null {
    return this.generation === null ? null : `shopstream:query-cache:${this.generation}:${key}`;
  }

  private async startGeneration(): Promise<void> {
    try {
      this.generation = String(await this.withTimeout(this.client.incr(GENERATION_KEY)));
    } catch (error) {
      this.fellBack('generation', error);
      this.retryGeneration();
    }
  }

  /**
   * A slow answer, not a broken connection, left the cache without a key space: no 'ready' event will come, so
   * try again after a while, or queries would read PostgreSQL until the next reconnection.
   */
  private retryGeneration(): void {
    if (this.generationRetry) return;
    this.generationRetry = setTimeout(() => {
      this.generationRetry = null;
      if (this.healthy && this.generation === null) void this.startGeneration();
    }, GENERATION_RETRY_MS);
    this.generationRetry.unref();
  }

  private fellBack(operation: string, error: unknown): void {
    this.metrics.fallbacks.inc({ operation });
    if (this.healthy)
      this.logger.warn({ err: error, operation }, 'Redis call failed: reading PostgreSQL instead');
  }

  /**
   * The call's answer, or an error past the timeout. A timer that fires late because the event loop was busy runs
   * before the loop reads its sockets, so an answer already waiting there would lose to it and a busy API would fall
   * back to PostgreSQL (more work) exactly when it is busiest: the timeout gives the loop's I/O one turn first.
   */
  private withTimeout<T>(call: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    let turn: NodeJS.Immediate | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        turn = setImmediate(() =>
          reject(new Error(`Redis did not answer within ${this.settings.timeoutMs} ms`)),
        );
      }, this.settings.timeoutMs);
    });
    return Promise.race([call, timeout]).finally(() => {
      clearTimeout(timer);
      if (turn) clearImmediate(turn);
    });
  }
}
