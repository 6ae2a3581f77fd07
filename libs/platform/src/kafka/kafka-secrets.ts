import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import {
  KAFKA_PRINCIPALS,
  KafkaCredentialsConfig,
  kafkaPasswordFile,
  kafkaPasswordVariable,
  KafkaPrincipal,
  kafkaSecretsDir,
  PlatformConfig,
} from '@shopstream/config';

export type KafkaPasswords = Readonly<Record<KafkaPrincipal, string>>;

/**
 * Every principal's password: the one its SHOPSTREAM_KAFKA_<PRINCIPAL>_PASSWORD gives, else the file a previous `up`
 * generated, else a new random one written to `$SHOPSTREAM_HOME/secrets` (the folder 0700, each file 0600). Files
 * are never overwritten, so running `up` again changes nothing.
 */
export function ensureKafkaPasswords(config: PlatformConfig): KafkaPasswords {
  const dir = kafkaSecretsDir(config.home);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const entries = KAFKA_PRINCIPALS.map((principal) => {
    const given = config.kafka.givenPasswords[kafkaPasswordVariable(principal)];
    if (given) return [principal, given] as const;
    const file = kafkaPasswordFile(config.home, principal);
    if (!fs.existsSync(file)) {
      try {
        fs.writeFileSync(file, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
      } catch (error) {
        // Another `up` wrote it first: keep theirs, which the broker may already hold.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    return [principal, fs.readFileSync(file, 'utf8').trim()] as const;
  });
  return Object.fromEntries(entries) as KafkaPasswords;
}

export const scramCredentials = (
  passwords: KafkaPasswords,
  principal: KafkaPrincipal,
): KafkaCredentialsConfig => ({
  mechanism: 'scram-sha-512',
  username: principal,
  password: passwords[principal],
});

/** `kafka-storage format --add-scram` arguments that create every principal's SCRAM credential at format time. */
export function scramBootstrapArguments(passwords: KafkaPasswords): string[] {
  return KAFKA_PRINCIPALS.flatMap((principal) => [
    '--add-scram',
    `SCRAM-SHA-512=[name=${principal},password=${passwords[principal]}]`,
  ]);
}
