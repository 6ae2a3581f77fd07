import { createLogger } from '@shopstream/logging';
import { SqlExecutor } from '@shopstream/database';
import { AppliedPositionsStore, slotKey, WantedPosition } from '@shopstream/projections';
import { CacheTriggersStore } from './cache-triggers.store';
import { ReadModelChange } from './change-listener';
import { Freshness, HotCache, Stamp } from './hot-cache';
import { CACHED_READS, CachedRead, ReadModelEpochs } from './read-model-epochs';

type Wanted = readonly WantedPosition[] | null;

/** Whether a value stamped `at` reflects every wanted position: each slot's next offset is past it. */
export function covers(at: Stamp, wanted: readonly WantedPosition[]): boolean {
  return wanted.every((w) => {
    const next = at[slotKey(w)];
    return next !== undefined && BigInt(next) > w.offset;
  });
}

/** The cached list of skus below their threshold: one key, invalidated by any change of a stock level. */
const LOW_STOCK_KEY = 'low-stock';

/**
 * The hot reads (an order, a sku's stock, the first page of low-stock skus) through the cache, and what keeps them
 * fresh: committed read-model changes invalidate their keys; a swap of the read models' versions moves to new
 * tables and a new key epoch.
 */
export class HotReads {
  private readonly logger = createLogger('query-api');
  private epochs: ReadModelEpochs;
  /** Reads whose tables all have their change triggers: the others are not cached, or nothing would clear them. */
  private cacheable = new Set<CachedRead>();
  private watchedCount = 0;

  constructor(
    readonly cache: HotCache,
    private readonly namespace: string | null,
    private readonly inTransaction: <T>(work: (sql: SqlExecutor) => Promise<T>) => Promise<T>,
    private readonly sql: SqlExecutor,
  ) {
    this.epochs = new ReadModelEpochs(namespace, new Map());
  }

  /** The reads cached now (those whose tables have their change triggers). */
  get cached(): readonly CachedRead[] {
    return [...this.cacheable];
  }

  /**
   * Until every cached read's tables exist (a projector that has not created them yet), looks again now and then;
   * the reads stay uncached meanwhile.
   */
  watchForTables(everyMs = 5_000): () => void {
    const timer = setInterval(() => {
      if (this.cacheable.size === Object.keys(CACHED_READS).length) return;
      this.rewatchOnceTablesAppear().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'looking for the read-model tables to cache failed'),
      );
    }, everyMs);
    return () => clearInterval(timer);
  }

  /** Loads the live versions and installs the change triggers on their tables. */
  async prepare(): Promise<void> {
    const store = new CacheTriggersStore(this.sql);
    const epochs = new ReadModelEpochs(
      this.namespace,
      await store.activeVersions(ReadModelEpochs.instanceNames(this.namespace)),
    );
    const watched = await this.inTransaction((sql) =>
      new CacheTriggersStore(sql).install(epochs.watchedTables()),
    );
    this.epochs = epochs;
    this.watchedCount = watched.length;
    this.cacheable = epochs.readsWatched(watched);
  }

  /**
   * The hot reads. `wanted` is what a read with a position token must reflect (null without one): a cached value
   * answers it only when the positions stamped on it cover every wanted one.
   */
  order<T>(orderId: string, load: () => Promise<T | null>, wanted: Wanted): Promise<T | null> {
    return this.through('order', '/orders/:orderId', orderId, load, wanted);
  }

  stock<T>(sku: string, load: () => Promise<T | null>, wanted: Wanted): Promise<T | null> {
    return this.through('stock', '/inventory/:sku', sku, load, wanted);
  }

  lowStock<T>(load: () => Promise<T | null>, wanted: Wanted): Promise<T | null> {
    return this.through('stock', '/inventory?lowStock=true', LOW_STOCK_KEY, load, wanted);
  }

  private through<T>(
    read: CachedRead,
    endpoint: string,
    id: string,
    load: () => Promise<T | null>,
    wanted: Wanted,
  ) {
    if (!this.cacheable.has(read)) return load();
    const instances = this.epochs.instancesOf(read);
    const freshness: Freshness = {
      stamp: async () => {
        const next = await new AppliedPositionsStore(this.sql).allOf(instances);
        return Object.fromEntries([...next].map(([slot, offset]) => [slot, String(offset)]));
      },
      accepts: (at) => wanted === null || covers(at, wanted),
    };
    return this.cache.through(endpoint, this.key(read, id), load, freshness);
  }

  /** A change the projector committed: drop the answers it touched. */
  async changed(change: ReadModelChange): Promise<void> {
    if (change.schema === 'public' && change.table === 'projection_versions') {
      const ours = new Set(ReadModelEpochs.instanceNames(this.namespace));
      if (change.keys === null || change.keys.some((k) => ours.has(k))) await this.rewatch();
      return;
    }
    const read = this.epochs.readOf(change.schema, change.table);
    if (read === null) return;
    if (change.keys === null) return this.cache.flush();
    const keys = change.keys.map((k) => this.key(read, k));
    if (read === 'stock') keys.push(this.key('stock', LOW_STOCK_KEY));
    await this.cache.invalidate(keys);
  }

  private async rewatchOnceTablesAppear(): Promise<void> {
    const tables = this.epochs.watchedTables();
    if ((await new CacheTriggersStore(this.sql).existing(tables)) > this.watchedCount) await this.rewatch();
  }

  /**
   * After a swap (a new version, or a rebuild of the same version whose shadow tables took the live schema's name),
   * a reset, or the projector creating its read models: the live tables are new tables without triggers. Stop
   * caching, watch the tables now live, then start a new generation, so nothing cached from tables that had no
   * triggers yet survives.
   */
  private async rewatch(): Promise<void> {
    this.cacheable = new Set();
    const next = new ReadModelEpochs(
      this.namespace,
      await new CacheTriggersStore(this.sql).activeVersions(ReadModelEpochs.instanceNames(this.namespace)),
    );
    this.epochs = next;
    const watched = await this.inTransaction((sql) =>
      new CacheTriggersStore(sql).install(next.watchedTables()),
    );
    await this.cache.flush();
    this.watchedCount = watched.length;
    this.cacheable = next.readsWatched(watched);
    this.logger.info(
      { cached: [...this.cacheable] },
      'read models swapped or created: cached answers start afresh',
    );
  }

  private key(read: CachedRead, id: string): string {
    return `${read}:${this.epochs.epochOf(read)}:${id}`;
  }
}
