import { PlatformConfig, SecurityConfig } from '@shopstream/config';
import { z } from 'zod';
import { LiveConfigError } from '../live.errors';

const positive = z.coerce.number().int().positive();

const liveEnvironment = z.object({
  SHOPSTREAM_LIVE_PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  SHOPSTREAM_LIVE_MAX_SUBSCRIPTIONS: positive.default(100),
  SHOPSTREAM_LIVE_MAX_FRAME_BYTES: positive.default(4_096),
  SHOPSTREAM_LIVE_HEARTBEAT_S: z.coerce.number().positive().default(25),
  SHOPSTREAM_LIVE_PONG_TIMEOUT_S: z.coerce.number().positive().default(10),
  /** Bytes a connection may have queued unsent before its non-stock channels are cut with a resume position. */
  SHOPSTREAM_LIVE_SEND_BUDGET_BYTES: positive.default(1_048_576),
  SHOPSTREAM_LIVE_RECENT_EVENTS: positive.default(2_000),
});

export interface LiveConfig {
  /** Port of the gateway app; the module itself serves on whatever server it is imported into. */
  readonly port: number;
  readonly brokers: readonly string[];
  readonly registryUrl: string;
  readonly databaseUrl: string;
  /** Isolated projector instance to follow (tests and benchmarks), as SHOPSTREAM_PROJECTOR_NAMESPACE names it. */
  readonly namespace: string | null;
  readonly maxSubscriptions: number;
  readonly maxFrameBytes: number;
  readonly heartbeatMs: number;
  readonly pongTimeoutMs: number;
  readonly sendBudgetBytes: number;
  /** Events per partition each feed keeps in memory, so a client that reconnects soon resumes without a log read. */
  readonly recentEvents: number;
  /** Who may connect and follow which channel (the platform's security settings), and where local keys are. */
  readonly security: SecurityConfig;
  readonly home: string;
}

/** The live gateway's settings: the platform's, plus SHOPSTREAM_LIVE_* variables, validated once at start-up. */
export function loadLiveConfig(
  platform: PlatformConfig,
  env: Readonly<Record<string, string | undefined>> = process.env,
): LiveConfig {
  const parsed = liveEnvironment.safeParse(env);
  if (!parsed.success)
    throw new LiveConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const e = parsed.data;
  return {
    port: e.SHOPSTREAM_LIVE_PORT,
    brokers: platform.kafka.brokers,
    registryUrl: platform.registry.url,
    databaseUrl: platform.database.apps.liveGateway.url,
    namespace: platform.projector.namespace,
    maxSubscriptions: e.SHOPSTREAM_LIVE_MAX_SUBSCRIPTIONS,
    maxFrameBytes: e.SHOPSTREAM_LIVE_MAX_FRAME_BYTES,
    heartbeatMs: e.SHOPSTREAM_LIVE_HEARTBEAT_S * 1000,
    pongTimeoutMs: e.SHOPSTREAM_LIVE_PONG_TIMEOUT_S * 1000,
    sendBudgetBytes: e.SHOPSTREAM_LIVE_SEND_BUDGET_BYTES,
    recentEvents: e.SHOPSTREAM_LIVE_RECENT_EVENTS,
    security: platform.security,
    home: platform.home,
  };
}
