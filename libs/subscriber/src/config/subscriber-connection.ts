import { z } from 'zod';
import { SubscriberConfigError } from '../subscriber.errors';

/** The principal a subscriber connects as (SASL/SCRAM-SHA-512); the platform's operators give each team one. */
export interface SubscriberCredentials {
  readonly mechanism: 'scram-sha-512';
  readonly username: string;
  readonly password: string;
}

/** Where the brokers and the schema registry are, and who to be there. */
export interface SubscriberConnection {
  readonly brokers: readonly string[];
  readonly registryUrl: string;
  /** Absent: connect without SASL, which a secured cluster refuses. */
  readonly credentials?: SubscriberCredentials;
}

const environment = z.object({
  SHOPSTREAM_KAFKA_BROKERS: z.string().min(1).default('127.0.0.1:9092'),
  SHOPSTREAM_REGISTRY_URL: z.string().url().default('http://127.0.0.1:8081/apis/ccompat/v7'),
  SHOPSTREAM_KAFKA_USERNAME: z.string().min(1).optional(),
  SHOPSTREAM_KAFKA_PASSWORD: z.string().min(1).optional(),
});

/**
 * Reads SHOPSTREAM_KAFKA_BROKERS (comma-separated host:port), SHOPSTREAM_REGISTRY_URL, with local defaults, and the
 * principal from SHOPSTREAM_KAFKA_USERNAME and SHOPSTREAM_KAFKA_PASSWORD (both or neither).
 */
export function connectionFromEnvironment(env: NodeJS.ProcessEnv = process.env): SubscriberConnection {
  const parsed = environment.safeParse(env);
  if (!parsed.success)
    throw new SubscriberConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const brokers = parsed.data.SHOPSTREAM_KAFKA_BROKERS.split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const bad = brokers.filter((b) => !/^[^:\s]+:\d+$/.test(b));
  if (bad.length)
    throw new SubscriberConfigError([`SHOPSTREAM_KAFKA_BROKERS: ${bad.join(', ')} is not host:port`]);
  const { SHOPSTREAM_KAFKA_USERNAME: username, SHOPSTREAM_KAFKA_PASSWORD: password } = parsed.data;
  if ((username === undefined) !== (password === undefined))
    throw new SubscriberConfigError([
      'SHOPSTREAM_KAFKA_USERNAME and SHOPSTREAM_KAFKA_PASSWORD: set both (your principal and its password) or neither',
    ]);
  return {
    brokers,
    registryUrl: parsed.data.SHOPSTREAM_REGISTRY_URL.replace(/\/$/, ''),
    ...(username && password ? { credentials: { mechanism: 'scram-sha-512', username, password } } : {}),
  };
}
