import * as path from 'node:path';
import { z } from 'zod';

/** Only for development: anyone who reads this repository can sign payment webhooks with it. */
export const DEVELOPMENT_WEBHOOK_SECRET = 'shopstream-development-webhook-secret';

const port = z.coerce.number().int().min(1).max(65535);
const HOUR_MS = 3_600_000;
const heap = z.string().regex(/^\d+[mg]$/, 'a JVM heap size such as 512m or 1g');

/**
 * Every environment variable the platform reads, with its default. Parsed once at start-up; nothing else
 * reads process.env, so a bad value stops the process before any side effect.
 */
export const environmentSchema = z.object({
  SHOPSTREAM_HOME: z.string().min(1).optional(),
  SHOPSTREAM_KAFKA_PORT: port.default(9092),
  SHOPSTREAM_KAFKA_BROKERS: z.string().min(1).optional(),
  SHOPSTREAM_KAFKA_HEAP: heap.default('768m'),
  SHOPSTREAM_KAFKA_READY_TIMEOUT_S: z.coerce.number().int().positive().default(180),
  SHOPSTREAM_REGISTRY_PORT: port.default(8081),
  SHOPSTREAM_REGISTRY_MANAGEMENT_PORT: port.default(8091),
  SHOPSTREAM_REGISTRY_URL: z.string().url().optional(),
  SHOPSTREAM_REGISTRY_HEAP: heap.default('512m'),
  SHOPSTREAM_REGISTRY_DATABASE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case PostgreSQL database name')
    .default('shopstream_registry'),
  SHOPSTREAM_REGISTRY_READY_TIMEOUT_S: z.coerce.number().int().positive().default(240),
  SHOPSTREAM_REGISTRY_JAVA: z.string().min(1).optional(),
  SHOPSTREAM_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// connection URL')
    .default('postgres://postgres@127.0.0.1:5432/shopstream'),
  /** The Redis the query API caches hot answers in. */
  SHOPSTREAM_REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// connection URL')
    .default('redis://127.0.0.1:6379'),
  SHOPSTREAM_COMMERCE_API_PORT: port.default(3000),
  SHOPSTREAM_QUERY_API_PORT: port.default(3001),
  SHOPSTREAM_PROCESSOR_METRICS_PORT: port.default(9101),
  SHOPSTREAM_PROJECTOR_METRICS_PORT: port.default(9102),
  /** Shared with the payment provider: signs POST /payments/webhook bodies (HMAC-SHA256). */
  SHOPSTREAM_PAYMENT_WEBHOOK_SECRET: z
    .string()
    .min(16, 'at least 16 characters; generate one with `openssl rand -hex 32`')
    .default(DEVELOPMENT_WEBHOOK_SECRET),
  SHOPSTREAM_PAYMENT_TIMEOUT_S: z.coerce.number().int().positive().default(900),
  SHOPSTREAM_PUBLISH_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  SHOPSTREAM_PROJECTION_STALL_AFTER_S: z.coerce.number().int().positive().default(60),
  /** Comma-separated projection names; empty runs them all. */
  SHOPSTREAM_PROJECTOR_ONLY: z.string().optional(),
  /**
   * Runs the projections as an isolated instance: state under names prefixed with it, and topics suffixed with it.
   * For tests and benchmarks that must not touch live read models.
   */
  SHOPSTREAM_PROJECTOR_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,30}$/, 'lower-case letters, digits and _, at most 31 characters')
    .optional(),
  /** Published outbox rows are kept this long: `outbox verify` checks them against the log, `--repair` resends. */
  SHOPSTREAM_OUTBOX_RETENTION_H: z.coerce.number().positive().default(168),
  /** How long a client may retry with an Idempotency-Key and get the stored answer. */
  SHOPSTREAM_IDEMPOTENCY_REPLAY_WINDOW_H: z.coerce.number().positive().default(24),
  /** Lag and publication delay the applied-event ledgers tolerate; see docs/architecture.md, Retention. */
  SHOPSTREAM_LEDGER_RETENTION_H: z.coerce.number().positive().default(168),
  SHOPSTREAM_RETENTION_INTERVAL_S: z.coerce.number().int().positive().default(300),
  SHOPSTREAM_RETENTION_BATCH: z.coerce.number().int().min(1).max(100_000).default(1_000),
});

export type Environment = z.infer<typeof environmentSchema>;

export interface PlatformConfig {
  /** Repository root: infra/ and schemas/ are read from here. */
  readonly root: string;
  /** Git-ignored folder holding downloads, data, logs and pid files. */
  readonly home: string;
  readonly kafka: {
    readonly port: number;
    readonly brokers: readonly string[];
    readonly heap: string;
    readonly readyTimeoutMs: number;
  };
  readonly registry: {
    readonly port: number;
    readonly managementPort: number;
    readonly url: string;
    readonly heap: string;
    readonly database: string;
    readonly readyTimeoutMs: number;
    readonly java?: string;
  };
  readonly database: { readonly url: string };
  readonly redis: { readonly url: string };
  readonly orderFlow: {
    /** A confirmed order not paid within this time is cancelled and its stock released. */
    readonly paymentTimeoutMs: number;
    /** How long a command waits for Kafka to acknowledge its events before answering 503. */
    readonly publishTimeoutMs: number;
    readonly webhookSecret: string;
  };
  readonly projector: {
    readonly stallAfterMs: number;
    readonly only: readonly string[];
    readonly namespace: string | null;
  };
  readonly retention: {
    readonly outboxHorizonMs: number;
    readonly idempotencyReplayWindowMs: number;
    readonly ledgerHorizonMs: number;
    readonly intervalMs: number;
    readonly batchSize: number;
  };
  readonly ports: {
    readonly commerceApi: number;
    readonly queryApi: number;
    readonly processorMetrics: number;
    readonly projectorMetrics: number;
  };
}

export function toPlatformConfig(env: Environment, root: string): PlatformConfig {
  const brokers = (env.SHOPSTREAM_KAFKA_BROKERS ?? `127.0.0.1:${env.SHOPSTREAM_KAFKA_PORT}`)
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  return {
    root,
    home: path.resolve(root, env.SHOPSTREAM_HOME ?? '.shopstream'),
    kafka: {
      port: env.SHOPSTREAM_KAFKA_PORT,
      brokers,
      heap: env.SHOPSTREAM_KAFKA_HEAP,
      readyTimeoutMs: env.SHOPSTREAM_KAFKA_READY_TIMEOUT_S * 1000,
    },
    registry: {
      port: env.SHOPSTREAM_REGISTRY_PORT,
      managementPort: env.SHOPSTREAM_REGISTRY_MANAGEMENT_PORT,
      url: env.SHOPSTREAM_REGISTRY_URL ?? `http://127.0.0.1:${env.SHOPSTREAM_REGISTRY_PORT}/apis/ccompat/v7`,
      heap: env.SHOPSTREAM_REGISTRY_HEAP,
      database: env.SHOPSTREAM_REGISTRY_DATABASE,
      readyTimeoutMs: env.SHOPSTREAM_REGISTRY_READY_TIMEOUT_S * 1000,
      ...(env.SHOPSTREAM_REGISTRY_JAVA ? { java: env.SHOPSTREAM_REGISTRY_JAVA } : {}),
    },
    database: { url: env.SHOPSTREAM_DATABASE_URL },
    redis: { url: env.SHOPSTREAM_REDIS_URL },
    orderFlow: {
      paymentTimeoutMs: env.SHOPSTREAM_PAYMENT_TIMEOUT_S * 1000,
      publishTimeoutMs: env.SHOPSTREAM_PUBLISH_TIMEOUT_MS,
      webhookSecret: env.SHOPSTREAM_PAYMENT_WEBHOOK_SECRET,
    },
    projector: {
      stallAfterMs: env.SHOPSTREAM_PROJECTION_STALL_AFTER_S * 1000,
      only: (env.SHOPSTREAM_PROJECTOR_ONLY ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
      namespace: env.SHOPSTREAM_PROJECTOR_NAMESPACE ?? null,
    },
    retention: {
      outboxHorizonMs: env.SHOPSTREAM_OUTBOX_RETENTION_H * HOUR_MS,
      idempotencyReplayWindowMs: env.SHOPSTREAM_IDEMPOTENCY_REPLAY_WINDOW_H * HOUR_MS,
      ledgerHorizonMs: env.SHOPSTREAM_LEDGER_RETENTION_H * HOUR_MS,
      intervalMs: env.SHOPSTREAM_RETENTION_INTERVAL_S * 1000,
      batchSize: env.SHOPSTREAM_RETENTION_BATCH,
    },
    ports: {
      commerceApi: env.SHOPSTREAM_COMMERCE_API_PORT,
      queryApi: env.SHOPSTREAM_QUERY_API_PORT,
      processorMetrics: env.SHOPSTREAM_PROCESSOR_METRICS_PORT,
      projectorMetrics: env.SHOPSTREAM_PROJECTOR_METRICS_PORT,
    },
  };
}
