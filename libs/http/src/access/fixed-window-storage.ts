import { ThrottlerStorage } from '@nestjs/throttler';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

type ThrottlerRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * The rate limits' counts, a fixed window per credential and route, in constant time per request
 * (rate-limiter-flexible's memory limiter). @nestjs/throttler's own storage keeps a timestamp per request and
 * filters every one of them on each request, so a key near its limit (50,000 a second for an API key) paid for all
 * its window's requests on every one more.
 */
export class FixedWindowStorage implements ThrottlerStorage {
  /** One limiter per (limit, window, block) the throttler asks for: the limit depends on the principal's kind. */
  private readonly limiters = new Map<string, RateLimiterMemory>();

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerRecord> {
    try {
      const counted = await this.limiter(limit, ttl, blockDuration).consume(`${throttlerName}:${key}`);
      return {
        totalHits: counted.consumedPoints,
        timeToExpire: seconds(counted.msBeforeNext),
        isBlocked: false,
        timeToBlockExpire: 0,
      };
    } catch (refused) {
      if (!(refused instanceof RateLimiterRes)) throw refused;
      return {
        totalHits: refused.consumedPoints,
        timeToExpire: seconds(refused.msBeforeNext),
        isBlocked: true,
        timeToBlockExpire: seconds(refused.msBeforeNext),
      };
    }
  }

  private limiter(limit: number, ttlMs: number, blockMs: number): RateLimiterMemory {
    const id = `${limit}/${ttlMs}/${blockMs}`;
    let limiter = this.limiters.get(id);
    if (!limiter)
      this.limiters.set(
        id,
        (limiter = new RateLimiterMemory({
          points: limit,
          duration: seconds(ttlMs),
          // Past its limit a key is refused for the block duration (the window by default), as the throttler's own
          // storage does.
          blockDuration: blockMs > 0 ? seconds(blockMs) : 0,
        })),
      );
    return limiter;
  }
}
