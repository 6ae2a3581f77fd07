import { FactoryProvider, Provider } from '@nestjs/common';
import { SqlExecutor } from '@shopstream/database';
import { DataSource } from 'typeorm';
import { ShutdownHooks } from '../lifecycle/shutdown-hooks';
import { QueryMetrics } from '../metrics/query-metrics';
import { QueryApiConfig } from '../query-api.config';
import { HOT_READS, QUERY_API_CONFIG, READ_MODELS_DB } from '../query-api.tokens';
import { CacheMetrics } from './cache-metrics';
import { ChangeListener } from './change-listener';
import { HotCache } from './hot-cache';
import { HotReads } from './hot-reads';

const executor = (query: DataSource['query']): SqlExecutor => ({
  query: (text, params) => query(text, params ? [...params] : undefined),
});

/** The hot cache with what keeps it fresh, or null when the cache is off (SHOPSTREAM_QUERY_CACHE=off). */
const hotReads: FactoryProvider<HotReads | null> = {
  provide: HOT_READS,
  inject: [QUERY_API_CONFIG, READ_MODELS_DB, QueryMetrics, ShutdownHooks],
  useFactory: async (
    config: QueryApiConfig,
    dataSource: DataSource,
    metrics: QueryMetrics,
    hooks: ShutdownHooks,
  ): Promise<HotReads | null> => {
    if (config.cache === null) return null;
    const cache = new HotCache(config.cache, new CacheMetrics(metrics.registry));
    metrics.watchCache(() => cache.state);
    const reads = new HotReads(
      cache,
      config.namespace,
      (work) => dataSource.transaction((manager) => work(executor((t, p) => manager.query(t, p)))),
      executor((t, p) => dataSource.query(t, p)),
    );
    await reads.prepare();
    const listener = new ChangeListener(
      config.platform.database.apps.queryApi.url,
      (change) => void reads.changed(change),
      // Changes committed while nobody listened were never heard: forget everything cached before.
      () => cache.flush(),
    );
    await cache.start();
    await listener.start();
    const stopWatching = reads.watchForTables();
    hooks.add(() => Promise.resolve(stopWatching()));
    hooks.add(() => cache.stop());
    hooks.add(() => listener.stop());
    return reads;
  },
};

export const CACHE_PROVIDERS: Provider[] = [hotReads];
