import {
  DEVELOPMENT_WEBHOOK_SECRET,
  KAFKA_PRINCIPALS,
  kafkaPasswordFile,
  kafkaPasswordVariable,
  PlatformConfig,
} from '@shopstream/config';
import { localSecretPaths } from '@shopstream/access';
import * as fs from 'node:fs';

/** One credential of one door: where it comes from, never its value. */
export interface CredentialStatus {
  readonly door: 'http' | 'kafka' | 'webhook' | 'registry' | 'mode';
  readonly credential: string;
  /** Where the value comes from (a variable, a generated file) or why there is none; never the secret. */
  readonly configured: string;
  /** False when a client or app needing it could not start or connect. */
  readonly ok: boolean;
}

const fileState = (file: string) => (fs.existsSync(file) ? `generated file ${file}` : null);

/**
 * Which credentials this platform has and where each comes from, for `shopstream status`: an operator checks what
 * is configured without the command ever printing a secret.
 */
export function credentialStatus(config: PlatformConfig): CredentialStatus[] {
  const secrets = localSecretPaths(config.home);
  const rows: CredentialStatus[] = [
    {
      door: 'mode',
      credential: 'production checks',
      configured: config.security.production
        ? 'production: development secrets stop the apps'
        : 'development (SHOPSTREAM_ENV=production refuses default secrets)',
      ok: true,
    },
  ];
  const clientKey = config.security.apiKey ? 'SHOPSTREAM_API_KEY' : fileState(secrets.adminKey);
  rows.push({
    door: 'http',
    credential: 'API key of local clients (CLI, simulator)',
    configured: clientKey ?? 'missing: run `npx shopstream up` to create the local admin key',
    ok: clientKey !== null,
  });
  const jwks = config.security.jwt.jwksUrl
    ? `SHOPSTREAM_JWT_JWKS_URL ${config.security.jwt.jwksUrl}`
    : config.security.jwt.jwksFile
      ? `SHOPSTREAM_JWT_JWKS_FILE ${config.security.jwt.jwksFile}`
      : fileState(secrets.jwks);
  rows.push({
    door: 'http',
    credential: `customer tokens (issuer ${config.security.jwt.issuer})`,
    configured: jwks ?? 'missing: run `npx shopstream up` to generate the development key pair',
    ok: jwks !== null,
  });
  rows.push({
    door: 'http',
    credential: 'rate limits per credential',
    configured: `${config.security.rateLimit.apiKey} per API key, ${config.security.rateLimit.customer} per customer, per ${config.security.rateLimit.windowMs / 1000} s; stock ${config.security.publicStock ? 'public' : 'needs a credential'}`,
    ok: true,
  });
  const developmentSecret = config.orderFlow.webhookSecret === DEVELOPMENT_WEBHOOK_SECRET;
  rows.push({
    door: 'webhook',
    credential: 'payment webhook signing secret',
    configured: developmentSecret
      ? 'the development default (refused in production): set SHOPSTREAM_PAYMENT_WEBHOOK_SECRET'
      : 'SHOPSTREAM_PAYMENT_WEBHOOK_SECRET',
    ok: !(developmentSecret && config.security.production),
  });
  for (const principal of KAFKA_PRINCIPALS) {
    const source = config.kafka.givenPasswords[kafkaPasswordVariable(principal)]
      ? kafkaPasswordVariable(principal)
      : fileState(kafkaPasswordFile(config.home, principal));
    rows.push({
      door: 'kafka',
      credential: `SASL/SCRAM-SHA-512 principal User:${principal}`,
      configured: source ?? 'missing: run `npx shopstream up` to generate it',
      ok: source !== null,
    });
  }
  rows.push({
    door: 'registry',
    credential: 'schema registry writes',
    configured: `no credential: listens on 127.0.0.1 only (${config.registry.url}); see docs/security.md`,
    ok: true,
  });
  return rows;
}
