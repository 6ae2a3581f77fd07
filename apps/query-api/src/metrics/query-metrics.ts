import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The query API's Prometheus metrics. A registry per app instance (not prom-client's global one), so tests can boot
 * several apps in one process.
 */
@Injectable()
export class QueryMetrics {
  readonly registry = new Registry();
  readonly requestDuration: Histogram<'route' | 'status'>;
  readonly readWait: Histogram<'outcome'>;
  readonly waitRefused: Counter;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'query_api_' });
    const buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    this.requestDuration = new Histogram({
      name: 'query_api_request_duration_seconds',
      help: 'Time to answer a request, by route template and status.',
      labelNames: ['route', 'status'],
      buckets,
      registers: [this.registry],
    });
    this.readWait = new Histogram({
      name: 'query_api_read_wait_seconds',
      help: 'Time queries with a position waited for the read models, by outcome (applied or behind).',
      labelNames: ['outcome'],
      buckets,
      registers: [this.registry],
    });
    this.waitRefused = new Counter({
      name: 'query_api_read_wait_refused_total',
      help: 'Queries with a position refused (429) because too many already waited.',
      registers: [this.registry],
    });
  }

  /** Reports whether the cache answers (1) or queries read PostgreSQL because Redis does not (0). */
  watchCache(state: () => 'up' | 'down'): void {
    new Gauge({
      name: 'query_api_cache_up',
      help: '1 while Redis answers and the cache is used; 0 while queries fall back to PostgreSQL.',
      registers: [this.registry],
      collect() {
        this.set(state() === 'up' ? 1 : 0);
      },
    });
  }

  /** Reports how many queries wait for a position now, read from `waiting` at each scrape. */
  watchWaiting(waiting: () => number): void {
    new Gauge({
      name: 'query_api_read_waiting',
      help: 'Queries waiting for the read models to reach their position now.',
      registers: [this.registry],
      collect() {
        this.set(waiting());
      },
    });
  }
}
