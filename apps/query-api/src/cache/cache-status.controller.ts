import { Controller, Get, Inject } from '@nestjs/common';
import { QueryApiConfig } from '../query-api.config';
import { HOT_READS, QUERY_API_CONFIG } from '../query-api.tokens';
import { HotReads } from './hot-reads';
import { OpenRoute } from '@shopstream/http';

/** What `shopstream status` shows of the cache. */
export interface CacheStatus {
  readonly state: 'up' | 'down' | 'off';
  readonly hits: number;
  readonly misses: number;
  readonly hitRatio: number | null;
  readonly fallbacks: number;
  readonly invalidations: number;
  readonly ttlS: number | null;
  /** The reads cached now: a read whose tables the projector has not created yet is not. */
  readonly cached: readonly string[];
}

@Controller()
@OpenRoute('metrics')
export class CacheStatusController {
  constructor(
    @Inject(HOT_READS) private readonly hot: HotReads | null,
    @Inject(QUERY_API_CONFIG) private readonly config: QueryApiConfig,
  ) {}

  /** The cache's state and counters since the process started, as JSON. */
  @Get('cache')
  async status(): Promise<CacheStatus> {
    if (!this.hot)
      return {
        state: 'off',
        hits: 0,
        misses: 0,
        hitRatio: null,
        fallbacks: 0,
        invalidations: 0,
        ttlS: null,
        cached: [],
      };
    const counts = await this.hot.cache.counts();
    const lookups = counts.hits + counts.misses;
    return {
      state: this.hot.cache.state,
      ...counts,
      hitRatio: lookups === 0 ? null : counts.hits / lookups,
      ttlS: this.config.cache?.ttlS ?? null,
      cached: this.hot.cached,
    };
  }
}
