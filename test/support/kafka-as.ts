import { Kafka, logLevel } from 'kafkajs';
import { kafkaPassword, PlatformConfig } from '@shopstream/config';

/**
 * A raw kafkajs client connected as one principal of the platform (or anonymously with null), for tests that check
 * what the brokers let each principal do. Raw so a test sees the broker's own error types; retries are off so a
 * refusal fails at once instead of after kafkajs's backoff.
 */
export function kafkaAs(
  config: PlatformConfig,
  principal: string | null,
  options: { readonly password?: string; readonly retries?: number } = {},
): Kafka {
  const secret =
    principal === null
      ? null
      : (options.password ?? kafkaPassword(config.home, principal, config.kafka.givenPasswords));
  if (principal !== null && secret === null)
    throw new Error(`no password for ${principal}: run \`shopstream up\``);
  return new Kafka({
    clientId: `it-${principal ?? 'anonymous'}`,
    brokers: [...config.kafka.brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5_000,
    retry: { retries: options.retries ?? 0 },
    ...(principal !== null && secret !== null
      ? { sasl: { mechanism: 'scram-sha-512' as const, username: principal, password: secret } }
      : {}),
  });
}

/** The operator's client: what the rest of the suite connects as. */
export const adminKafka = (config: PlatformConfig) => kafkaAs(config, 'admin', { retries: 8 });
