import { z } from 'zod';
import { SubscriberConfigError } from '../subscriber.errors';

/** Where the brokers and the schema registry are. */
export interface SubscriberConnection {
  readonly brokers: readonly string[];
  readonly registryUrl: string;
}

const environment = z.object({
  SHOPSTREAM_KAFKA_BROKERS: z.string().min(1).default('127.0.0.1:9092'),
  SHOPSTREAM_REGISTRY_URL: z.string().url().default('http://127.0.0.1:8081/apis/ccompat/v7'),
});

/** Reads SHOPSTREAM_KAFKA_BROKERS (comma-separated host:port) and SHOPSTREAM_REGISTRY_URL, with local defaults. */
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
  return { brokers, registryUrl: parsed.data.SHOPSTREAM_REGISTRY_URL.replace(/\/$/, '') };
}
