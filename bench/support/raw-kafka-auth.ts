import { loadConfig } from '@shopstream/config';

/**
 * SASL settings for the benchmarks' raw kafkajs clients (the baselines the platform's clients are measured
 * against): the same principal the CLI connects as, from the same configuration.
 */
export function rawKafkaAuth(): {
  sasl?: { mechanism: 'scram-sha-512'; username: string; password: string };
} {
  const credentials = loadConfig().kafka.credentials;
  return credentials
    ? {
        sasl: {
          mechanism: 'scram-sha-512',
          username: credentials.username,
          password: credentials.password,
        },
      }
    : {};
}
