import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The principals `up` creates, one per kind of Kafka client. `broker` is the brokers' own identity between
 * themselves; `loyalty` stands for a downstream team's subscriber.
 */
export const KAFKA_PRINCIPALS = [
  'admin',
  'broker',
  'commerce-api',
  'processor',
  'projector',
  'live-gateway',
  'loyalty',
] as const;

export type KafkaPrincipal = (typeof KAFKA_PRINCIPALS)[number];

/** The SASL identity a process connects to Kafka as. */
export interface KafkaCredentialsConfig {
  readonly mechanism: 'scram-sha-512';
  readonly username: string;
  readonly password: string;
}

/** `SHOPSTREAM_KAFKA_COMMERCE_API_PASSWORD` for `commerce-api`. */
export const kafkaPasswordVariable = (principal: string) =>
  `SHOPSTREAM_KAFKA_${principal.toUpperCase().replace(/-/g, '_')}_PASSWORD`;

/** Where `up` keeps the generated passwords, one file per principal, readable by the owner only. */
export const kafkaSecretsDir = (home: string) => path.join(home, 'secrets');
export const kafkaPasswordFile = (home: string, principal: string) =>
  path.join(kafkaSecretsDir(home), `kafka-${principal}.password`);

/**
 * A principal's password: its variable when set (a real deployment's secret store), else the file `up` generated.
 * Null when neither exists yet, as before the first `up`.
 */
export function kafkaPassword(
  home: string,
  principal: string,
  fromEnvironment: Readonly<Record<string, string | undefined>>,
): string | null {
  const given = fromEnvironment[kafkaPasswordVariable(principal)];
  if (given) return given;
  const file = kafkaPasswordFile(home, principal);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : null;
}
