import * as path from 'node:path';
import { z } from 'zod';
import {
  KAFKA_PRINCIPALS,
  kafkaPassword,
  kafkaPasswordVariable,
  KafkaCredentialsConfig,
} from './kafka-credentials';
import {
  appRoleName,
  DATABASE_APPS,
  DatabaseApp,
  databaseOfUrl,
  readRolePassword,
  urlForRole,
  userOfUrl,
} from './database-roles';

/** Only for development: anyone who reads this repository can sign payment webhooks with it. */
export const DEVELOPMENT_WEBHOOK_SECRET = 'shopstream-development-webhook-secret';

const port = z.coerce.number().int().min(1).max(65535);
const HOUR_MS = 3_600_000;
const databaseUrl = z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// connection URL');
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
  /** `none` connects without SASL, for a cluster of your own that has no authentication. */
  SHOPSTREAM_KAFKA_SASL_MECHANISM: z.enum(['scram-sha-512', 'none']).default('scram-sha-512'),
  /** The principal this process connects as; `up` sets it for each app it starts. */
  SHOPSTREAM_KAFKA_USERNAME: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,64}$/, 'a principal name: letters, digits, . _ -')
    .default('admin'),
  /** This process's password; when unset, its principal's variable below, then the file `up` generated. */
  SHOPSTREAM_KAFKA_PASSWORD: z.string().min(1).optional(),
  ...Object.fromEntries(
    KAFKA_PRINCIPALS.map((p) => [
      kafkaPasswordVariable(p),
      z.string().min(12, 'at least 12 characters; generate one with `openssl rand -base64 24`').optional(),
    ]),
  ),
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
  SHOPSTREAM_DATABASE_URL: databaseUrl.default('postgres://postgres@127.0.0.1:5432/shopstream'),
  /*
   * Each app's own connection, as its own role. Unset, it is SHOPSTREAM_DATABASE_URL's server and database with the
   * app's role and the password `up` generated for it.
   */
  SHOPSTREAM_COMMERCE_API_DATABASE_URL: databaseUrl.optional(),
  SHOPSTREAM_PROCESSOR_DATABASE_URL: databaseUrl.optional(),
  SHOPSTREAM_PROJECTOR_DATABASE_URL: databaseUrl.optional(),
  SHOPSTREAM_QUERY_API_DATABASE_URL: databaseUrl.optional(),
  SHOPSTREAM_LIVE_GATEWAY_DATABASE_URL: databaseUrl.optional(),
  SHOPSTREAM_LOYALTY_DATABASE_URL: databaseUrl.optional(),
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
  // Idempotent producers the outbox relay sends through side by side, each owning a share of the partitions.
  SHOPSTREAM_RELAY_PRODUCERS: z.coerce.number().int().min(1).max(64).default(6),
  SHOPSTREAM_PROJECTION_STALL_AFTER_S: z.coerce.number().int().positive().default(60),
  /**
   * Least time between two commits of one read model in the projector (ProjectionRunnerOptions.transactionPaceMs):
   * bounds the commits of a busy projector; an idle read model still commits at once. 0 commits after every fetch.
   */
  SHOPSTREAM_PROJECTION_PACE_MS: z.coerce.number().int().min(0).max(1_000).default(20),
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
  /** `production` turns on the start-up refusals of development secrets (as does NODE_ENV=production). */
  SHOPSTREAM_ENV: z.enum(['development', 'production']).optional(),
  NODE_ENV: z.string().optional(),
  /** The credential the CLI, the simulator and the benchmark send; default: the local admin key `up` made. */
  SHOPSTREAM_API_KEY: z.string().min(1).optional(),
  /** Where customer tokens' public keys are: a JWKS URL, or a JWKS file; neither means the local generated one. */
  SHOPSTREAM_JWT_JWKS_URL: z.string().url().optional(),
  SHOPSTREAM_JWT_JWKS_FILE: z.string().min(1).optional(),
  SHOPSTREAM_JWT_ISSUER: z.string().min(1).default('shopstream-local'),
  SHOPSTREAM_JWT_AUDIENCE: z.string().min(1).default('shopstream'),
  /** Whether stock reads (GET /inventory..., the stock live channels) need no credential. */
  SHOPSTREAM_PUBLIC_STOCK: z.enum(['on', 'off']).default('on'),
  /** Route groups answered without a credential: any of health, metrics, docs. */
  SHOPSTREAM_OPEN_ROUTES: z
    .string()
    .regex(
      /^((health|metrics|docs)(,(health|metrics|docs))*)?$/,
      'a comma-separated list of health, metrics, docs',
    )
    .default('health,metrics,docs'),
  /** How long a verified API key is trusted before it is looked up again: a revocation takes effect within it. */
  SHOPSTREAM_API_KEY_CACHE_S: z.coerce.number().min(0).max(300).default(5),
  /** Requests per credential per window; a customer token has the lower limit. */
  SHOPSTREAM_RATE_LIMIT_WINDOW_S: z.coerce.number().int().min(1).max(3_600).default(1),
  SHOPSTREAM_RATE_LIMIT_API_KEY: z.coerce.number().int().min(1).default(50_000),
  SHOPSTREAM_RATE_LIMIT_CUSTOMER: z.coerce.number().int().min(1).default(20),
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
    /** Who this process is on Kafka; null connects without SASL (no password known yet, or mechanism none). */
    readonly credentials: KafkaCredentialsConfig | null;
    /** Passwords given by SHOPSTREAM_KAFKA_<PRINCIPAL>_PASSWORD, which `up` uses instead of generating them. */
    readonly givenPasswords: Readonly<Record<string, string | undefined>>;
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
  readonly database: {
    /** The admin connection: migrations, `up` and the CLI's operator commands. Never given to an app. */
    readonly url: string;
    /** Each app's connection, as its own role. */
    readonly apps: Readonly<Record<DatabaseApp, AppDatabase>>;
  };
  readonly redis: { readonly url: string };
  readonly orderFlow: {
    /** A confirmed order not paid within this time is cancelled and its stock released. */
    readonly paymentTimeoutMs: number;
    /** How long a command waits for Kafka to acknowledge its events before answering 503. */
    readonly publishTimeoutMs: number;
    /** Producers the outbox relay sends through at once (one produce request in flight per broker each). */
    readonly relayProducers: number;
    readonly webhookSecret: string;
  };
  readonly projector: {
    readonly stallAfterMs: number;
    /** Least time between two commits of one read model. */
    readonly transactionPaceMs: number;
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
  readonly security: SecurityConfig;
  readonly ports: {
    readonly commerceApi: number;
    readonly queryApi: number;
    readonly processorMetrics: number;
    readonly projectorMetrics: number;
  };
}

export interface AppDatabase {
  readonly role: string;
  /** Carries the role's password when one is configured: never log it (`redactUrl`). */
  readonly url: string;
  /** Where the URL came from: the app's own variable, or derived from SHOPSTREAM_DATABASE_URL. */
  readonly source: string;
}

const APP_DATABASE_VARIABLES: Readonly<Record<DatabaseApp, keyof Environment>> = {
  commerceApi: 'SHOPSTREAM_COMMERCE_API_DATABASE_URL',
  processor: 'SHOPSTREAM_PROCESSOR_DATABASE_URL',
  projector: 'SHOPSTREAM_PROJECTOR_DATABASE_URL',
  queryApi: 'SHOPSTREAM_QUERY_API_DATABASE_URL',
  liveGateway: 'SHOPSTREAM_LIVE_GATEWAY_DATABASE_URL',
  loyalty: 'SHOPSTREAM_LOYALTY_DATABASE_URL',
};

/** The variable that overrides an app's database URL. */
export const appDatabaseVariable = (app: DatabaseApp): string => APP_DATABASE_VARIABLES[app];

function appDatabases(
  env: Environment,
  passwordOf: (role: string) => string | undefined,
): Record<DatabaseApp, AppDatabase> {
  const adminUrl = env.SHOPSTREAM_DATABASE_URL;
  const database = databaseOfUrl(adminUrl);
  const entries = DATABASE_APPS.map((app): [DatabaseApp, AppDatabase] => {
    const variable = APP_DATABASE_VARIABLES[app];
    const own = env[variable] as string | undefined;
    if (own) return [app, { role: userOfUrl(own), url: own, source: variable }];
    const role = appRoleName(database, app);
    return [
      app,
      { role, url: urlForRole(adminUrl, role, passwordOf(role)), source: 'SHOPSTREAM_DATABASE_URL' },
    ];
  });
  return Object.fromEntries(entries) as Record<DatabaseApp, AppDatabase>;
}

export type OpenRouteGroup = 'health' | 'metrics' | 'docs';

/** Who may call the HTTP and WebSocket doors, and how often; see docs/security.md. */
export interface SecurityConfig {
  /** SHOPSTREAM_ENV=production or NODE_ENV=production: development secrets stop the start. */
  readonly production: boolean;
  /** SHOPSTREAM_API_KEY, which overrides the local admin key in clients; null when unset. */
  readonly apiKey: string | null;
  readonly jwt: {
    readonly jwksUrl: string | null;
    /** An explicit JWKS file; null with no URL either means the one `up` generated under the home's secrets. */
    readonly jwksFile: string | null;
    readonly issuer: string;
    readonly audience: string;
  };
  readonly publicStock: boolean;
  readonly openRoutes: readonly OpenRouteGroup[];
  readonly apiKeyCacheMs: number;
  readonly rateLimit: { readonly windowMs: number; readonly apiKey: number; readonly customer: number };
}

export function toPlatformConfig(
  env: Environment,
  root: string,
  passwordOf?: (home: string, role: string) => string | undefined,
): PlatformConfig {
  const home = path.resolve(root, env.SHOPSTREAM_HOME ?? '.shopstream');
  const readPassword = passwordOf ?? readRolePassword;
  const brokers = (env.SHOPSTREAM_KAFKA_BROKERS ?? `127.0.0.1:${env.SHOPSTREAM_KAFKA_PORT}`)
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  const givenPasswords = passwordsOf(env);
  return {
    root,
    home,
    kafka: {
      port: env.SHOPSTREAM_KAFKA_PORT,
      brokers,
      heap: env.SHOPSTREAM_KAFKA_HEAP,
      readyTimeoutMs: env.SHOPSTREAM_KAFKA_READY_TIMEOUT_S * 1000,
      credentials: kafkaCredentials(env, home),
      givenPasswords,
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
    database: {
      url: env.SHOPSTREAM_DATABASE_URL,
      apps: appDatabases(env, (role) => readPassword(home, role)),
    },
    redis: { url: env.SHOPSTREAM_REDIS_URL },
    orderFlow: {
      paymentTimeoutMs: env.SHOPSTREAM_PAYMENT_TIMEOUT_S * 1000,
      publishTimeoutMs: env.SHOPSTREAM_PUBLISH_TIMEOUT_MS,
      relayProducers: env.SHOPSTREAM_RELAY_PRODUCERS,
      webhookSecret: env.SHOPSTREAM_PAYMENT_WEBHOOK_SECRET,
    },
    projector: {
      stallAfterMs: env.SHOPSTREAM_PROJECTION_STALL_AFTER_S * 1000,
      transactionPaceMs: env.SHOPSTREAM_PROJECTION_PACE_MS,
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
    security: {
      production: env.SHOPSTREAM_ENV === 'production' || env.NODE_ENV === 'production',
      apiKey: env.SHOPSTREAM_API_KEY ?? null,
      jwt: {
        jwksUrl: env.SHOPSTREAM_JWT_JWKS_URL ?? null,
        jwksFile: env.SHOPSTREAM_JWT_JWKS_FILE ? path.resolve(root, env.SHOPSTREAM_JWT_JWKS_FILE) : null,
        issuer: env.SHOPSTREAM_JWT_ISSUER,
        audience: env.SHOPSTREAM_JWT_AUDIENCE,
      },
      publicStock: env.SHOPSTREAM_PUBLIC_STOCK === 'on',
      openRoutes: [
        ...new Set(env.SHOPSTREAM_OPEN_ROUTES.split(',').filter((g) => g.length > 0)),
      ] as OpenRouteGroup[],
      apiKeyCacheMs: env.SHOPSTREAM_API_KEY_CACHE_S * 1000,
      rateLimit: {
        windowMs: env.SHOPSTREAM_RATE_LIMIT_WINDOW_S * 1000,
        apiKey: env.SHOPSTREAM_RATE_LIMIT_API_KEY,
        customer: env.SHOPSTREAM_RATE_LIMIT_CUSTOMER,
      },
    },
    ports: {
      commerceApi: env.SHOPSTREAM_COMMERCE_API_PORT,
      queryApi: env.SHOPSTREAM_QUERY_API_PORT,
      processorMetrics: env.SHOPSTREAM_PROCESSOR_METRICS_PORT,
      projectorMetrics: env.SHOPSTREAM_PROJECTOR_METRICS_PORT,
    },
  };
}

function passwordsOf(env: Environment): Record<string, string | undefined> {
  const all = env as unknown as Record<string, string | undefined>;
  return Object.fromEntries(
    KAFKA_PRINCIPALS.map((p) => [kafkaPasswordVariable(p), all[kafkaPasswordVariable(p)]]),
  );
}

function kafkaCredentials(env: Environment, home: string): KafkaCredentialsConfig | null {
  if (env.SHOPSTREAM_KAFKA_SASL_MECHANISM === 'none') return null;
  const username = env.SHOPSTREAM_KAFKA_USERNAME;
  const password = env.SHOPSTREAM_KAFKA_PASSWORD ?? kafkaPassword(home, username, passwordsOf(env));
  return password === null ? null : { mechanism: 'scram-sha-512', username, password };
}
