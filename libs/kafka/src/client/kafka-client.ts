import { Kafka, logLevel, LogEntry } from 'kafkajs';
import { createLogger } from '@shopstream/logging';
import { currentKafkaCredentials, KafkaCredentials } from './kafka-credentials';

export interface KafkaClientOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** How long a connection attempt may take; generous because the two cores are shared with the JVMs. */
  readonly connectionTimeoutMs?: number;
  /** Retries of kafkajs's own retrier before an operation fails. */
  readonly retries?: number;
  /** No log output at all: for probes that expect to fail while a broker starts. */
  readonly quiet?: boolean;
  /** The principal to authenticate as; the process's own (`useKafkaCredentials`) when absent. */
  readonly credentials?: KafkaCredentials | null;
}

/**
 * The only place that constructs a kafkajs client. Everything outside libs/kafka sees our own types, so kafkajs
 * (no longer actively released) can be swapped without touching the rest of the platform.
 */
export function createKafka(options: KafkaClientOptions): Kafka {
  const credentials = options.credentials === undefined ? currentKafkaCredentials() : options.credentials;
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    ...(credentials
      ? {
          sasl: {
            mechanism: credentials.mechanism,
            username: credentials.username,
            password: credentials.password,
          },
        }
      : {}),
    connectionTimeout: options.connectionTimeoutMs ?? 5_000,
    requestTimeout: 30_000,
    retry: { retries: options.retries ?? 8, initialRetryTime: 200, maxRetryTime: 5_000 },
    logLevel: options.quiet ? logLevel.NOTHING : logLevel.WARN,
    logCreator: () => logToStderr,
  });
}

/*
 * kafkajs logs at ERROR what it handles by itself: transient coordinator errors while it retries them ("the
 * coordinator is loading"), expected on a fresh broker, and a rebalance, which a member learns of from a heartbeat
 * and answers by rejoining (a member joined or left: every rebuild, whose runners join together, starts with one).
 * Only what reaches WARN after kafkajs gave up a retry is printed.
 */
const HANDLED_BY_KAFKAJS =
  /coordinator (is loading|is not available)|not the correct coordinator|group is rebalancing/i;

const logger = createLogger('kafka');

function logToStderr({ level, log }: LogEntry): void {
  const { message, error } = log as { message: string; error?: string };
  if (level > logLevel.WARN) return;
  if (typeof error === 'string' && HANDLED_BY_KAFKAJS.test(error)) return;
  // A bounded retry is deliberate: callers get an error (and the API a 503) instead of waiting forever, and they
  // retry with their own idempotency keys.
  if (message.startsWith('Limiting retries for the idempotent producer')) return;
  const fields = error ? { error } : {};
  if (level <= logLevel.ERROR) logger.error(fields, message);
  else logger.warn(fields, message);
}
