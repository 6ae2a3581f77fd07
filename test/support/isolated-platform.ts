import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, PlatformConfig } from '@shopstream/config';
import { uniqueName } from './wait-for';

export interface IsolatedPlatform {
  readonly env: Record<string, string>;
  readonly home: string;
  readonly config: PlatformConfig;
  /** Pid file of a platform service, e.g. `kafka-2` or `commerce-api`. */
  pidOf(service: string): number;
  remove(): void;
}

/**
 * A platform of a test's own: its own folder, ports, databases and brokers, so the test may stop, kill and restart
 * it without disturbing the platform the rest of the suite uses. Downloads are shared to keep the start warm.
 */
export function isolatedPlatform(options: {
  readonly brokers: number;
  readonly basePort: number;
}): IsolatedPlatform {
  const id = uniqueName('it');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'shopstream-it-'));
  const shared = loadConfig();
  fs.mkdirSync(path.join(shared.home, 'downloads'), { recursive: true });
  fs.symlinkSync(path.join(shared.home, 'downloads'), path.join(home, 'downloads'));
  const base = options.basePort;
  const brokers = Array.from({ length: options.brokers }, (_, i) => `127.0.0.1:${base + 2 * i}`);
  const env = {
    SHOPSTREAM_HOME: home,
    SHOPSTREAM_KAFKA_PORT: String(base),
    SHOPSTREAM_KAFKA_BROKERS: brokers.join(','),
    SHOPSTREAM_REGISTRY_PORT: String(base + 7),
    SHOPSTREAM_REGISTRY_MANAGEMENT_PORT: String(base + 8),
    SHOPSTREAM_REGISTRY_DATABASE: `shopstream_registry_${id}`,
    SHOPSTREAM_DATABASE_URL: `postgres://postgres@127.0.0.1:5432/shopstream_${id}`,
    SHOPSTREAM_COMMERCE_API_PORT: String(base + 10),
    SHOPSTREAM_QUERY_API_PORT: String(base + 11),
    SHOPSTREAM_PROCESSOR_METRICS_PORT: String(base + 12),
    SHOPSTREAM_PROJECTOR_METRICS_PORT: String(base + 13),
    SHOPSTREAM_LIVE_PORT: String(base + 14),
    // The example downstream app reads its own variable; without it `up` finds the shared platform's on 3002.
    LOYALTY_PORT: String(base + 15),
  };
  return {
    env,
    home,
    config: loadConfig(env),
    pidOf: (service) => Number(fs.readFileSync(path.join(home, 'run', `${service}.pid`), 'utf8').trim()),
    remove: () => fs.rmSync(home, { recursive: true, force: true }),
  };
}
