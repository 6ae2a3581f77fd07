import { Counter, Registry } from 'prom-client';

/** The hot cache's counters; the hit ratio is hits / (hits + misses) of query_api_cache_lookups_total. */
export class CacheMetrics {
  readonly lookups: Counter<'endpoint' | 'outcome'>;
  readonly fallbacks: Counter<'operation'>;
  readonly invalidations: Counter;
  readonly superseded: Counter;

  constructor(registry: Registry) {
    this.lookups = new Counter({
      name: 'query_api_cache_lookups_total',
      help: "Cache lookups by endpoint and outcome (hit; miss; behind: cached, but older than the reader's position).",
      labelNames: ['endpoint', 'outcome'],
      registers: [registry],
    });
    this.fallbacks = new Counter({
      name: 'query_api_cache_fallbacks_total',
      help: 'Redis calls that failed or timed out, so the query read PostgreSQL, by operation.',
      labelNames: ['operation'],
      registers: [registry],
    });
    this.invalidations = new Counter({
      name: 'query_api_cache_invalidations_total',
      help: 'Cached answers invalidated after a committed read-model change.',
      registers: [registry],
    });
    this.superseded = new Counter({
      name: 'query_api_cache_superseded_writes_total',
      help: 'Values a reader did not write back because an invalidation superseded them while it read.',
      registers: [registry],
    });
  }
}
