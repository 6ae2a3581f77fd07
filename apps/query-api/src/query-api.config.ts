import { PlatformConfig } from '@shopstream/config';
import { LiveConfig, loadLiveConfig } from '@shopstream/live';
import { z } from 'zod';

const environmentSchema = z.object({
  /** How long a query with a position waits by default before answering that it is behind. */
  SHOPSTREAM_QUERY_WAIT_DEFAULT_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  /** The most a client may ask to wait (?waitMs=). */
  SHOPSTREAM_QUERY_WAIT_MAX_MS: z.coerce.number().int().min(0).max(60_000).default(10_000),
  /** Requests waiting for a position at once; one more gets 429. */
  SHOPSTREAM_QUERY_MAX_WAITING: z.coerce.number().int().min(1).max(100_000).default(1_000),
  /** How often the one shared check of waited positions runs while anyone waits. */
  SHOPSTREAM_QUERY_WAIT_POLL_MS: z.coerce.number().int().min(1).max(1_000).default(10),
  SHOPSTREAM_QUERY_DB_POOL: z.coerce.number().int().min(1).max(200).default(20),
  /** Whether hot answers are cached in Redis (SHOPSTREAM_REDIS_URL); off reads PostgreSQL every time. */
  SHOPSTREAM_QUERY_CACHE: z.enum(['on', 'off']).default('on'),
  /** How long a cached answer lives at most; invalidation after each committed change is what keeps it fresh. */
  SHOPSTREAM_QUERY_CACHE_TTL_S: z.coerce.number().int().min(1).max(86_400).default(300),
  /** Answers larger than this are not cached. */
  SHOPSTREAM_QUERY_CACHE_MAX_ENTRY_BYTES: z.coerce.number().int().min(256).max(16_777_216).default(65_536),
  /** A Redis call slower than this is abandoned for PostgreSQL. */
  SHOPSTREAM_QUERY_CACHE_TIMEOUT_MS: z.coerce.number().int().min(1).max(10_000).default(50),
});

export interface QueryApiConfig {
  readonly platform: PlatformConfig;
  readonly port: number;
  /** The projector instance whose read models are read (SHOPSTREAM_PROJECTOR_NAMESPACE); null for the live one. */
  readonly namespace: string | null;
  readonly wait: {
    readonly defaultMs: number;
    readonly maxMs: number;
    readonly maxWaiting: number;
    readonly pollMs: number;
  };
  readonly databasePoolSize: number;
  /** null when the cache is off. */
  readonly cache: {
    readonly url: string;
    readonly ttlS: number;
    readonly maxEntryBytes: number;
    readonly timeoutMs: number;
  } | null;
  /** The live push endpoint the query API serves on its own port (/live), as the extra gateways would. */
  readonly live: LiveConfig;
}

/** Thrown at start-up when a query API variable is invalid; names each variable. */
export class QueryApiConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(problems: readonly string[]) {
    super(`Invalid query API configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'QueryApiConfigError';
  }
}

export function loadQueryApiConfig(
  platform: PlatformConfig,
  env: NodeJS.ProcessEnv = process.env,
): QueryApiConfig {
  const known = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key in environmentSchema.shape && value !== ''),
  );
  const parsed = environmentSchema.safeParse(known);
  if (!parsed.success)
    throw new QueryApiConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  const e = parsed.data;
  if (e.SHOPSTREAM_QUERY_WAIT_DEFAULT_MS > e.SHOPSTREAM_QUERY_WAIT_MAX_MS)
    throw new QueryApiConfigError([
      'SHOPSTREAM_QUERY_WAIT_DEFAULT_MS: must not exceed SHOPSTREAM_QUERY_WAIT_MAX_MS',
    ]);
  return {
    platform,
    port: platform.ports.queryApi,
    namespace: platform.projector.namespace,
    wait: {
      defaultMs: e.SHOPSTREAM_QUERY_WAIT_DEFAULT_MS,
      maxMs: e.SHOPSTREAM_QUERY_WAIT_MAX_MS,
      maxWaiting: e.SHOPSTREAM_QUERY_MAX_WAITING,
      pollMs: e.SHOPSTREAM_QUERY_WAIT_POLL_MS,
    },
    databasePoolSize: e.SHOPSTREAM_QUERY_DB_POOL,
    cache:
      e.SHOPSTREAM_QUERY_CACHE === 'off'
        ? null
        : {
            url: platform.redis.url,
            ttlS: e.SHOPSTREAM_QUERY_CACHE_TTL_S,
            maxEntryBytes: e.SHOPSTREAM_QUERY_CACHE_MAX_ENTRY_BYTES,
            timeoutMs: e.SHOPSTREAM_QUERY_CACHE_TIMEOUT_MS,
          },
    live: { ...loadLiveConfig(platform, env), port: platform.ports.queryApi },
  };
}
