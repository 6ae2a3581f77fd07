import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { runCli } from '../support/cli';
import { bearer, localApiKey } from '../support/credentials';
import { IsolatedPlatform, isolatedPlatform } from '../support/isolated-platform';

/** Starting a platform of its own (a JVM for Kafka and one for the registry) takes minutes on a busy machine. */
const UP_TIMEOUT_MS = 840_000;

/**
 * What every fault scenario starts from and ends with: a platform of its own with its apps, a database client, the
 * sku its clients order stocked, and a teardown that leaves nothing behind (its logs kept in SHOPSTREAM_FAULT_KEEP
 * when set).
 */
export class FaultPlatform {
  readonly platform: IsolatedPlatform;
  readonly api: string;
  private readonly upArgs: readonly string[];
  private client: Client | null = null;

  constructor(
    options: Parameters<typeof isolatedPlatform>[0] & {
      /** Arguments `up` is given besides `up` itself (`--brokers 3`). */
      readonly upArgs?: readonly string[];
    },
  ) {
    this.platform = isolatedPlatform(options);
    this.api = `http://127.0.0.1:${this.platform.config.ports.commerceApi}`;
    this.upArgs = options.upArgs ?? [];
  }

  /** The local admin key the platform's `up` made: the API lets no one in without a credential. */
  readonly auth = (): Record<string, string> => bearer(localApiKey(this.platform.config));

  get db(): Client {
    if (!this.client) throw new Error('the fault platform is not started: call start() first');
    return this.client;
  }

  /** Scenarios run for minutes: each says when it reached a step, so a slow or stuck one shows in the output. */
  step(scenario: string, what: string): void {
    process.stdout.write(`${scenario} ${new Date().toISOString()}: ${what}\n`);
  }

  /** `shopstream up` with the apps: starts what is down, leaves what runs. */
  async up(): Promise<void> {
    const result = await runCli(['up', ...this.upArgs], this.platform.env, UP_TIMEOUT_MS);
    if (result.code !== 0) throw new Error(`up failed:\n${result.stdout}\n${result.stderr}`);
  }

  /** Up, connected, and `sku` (when given) stocked for a million orders. */
  async start(sku?: string): Promise<void> {
    this.step('platform', `up ${this.upArgs.join(' ')}`.trim());
    await this.up();
    this.step('platform', 'up and healthy');
    await this.reconnect();
    if (sku === undefined) return;
    const received = await fetch(`${this.api}/inventory/${sku}/receive`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'fault-stock', ...this.auth() },
      body: JSON.stringify({ quantity: 1_000_000 }),
    });
    if (received.status !== 200)
      throw new Error(`stocking ${sku} answered ${received.status}: ${await received.text()}`);
  }

  /** A new database client, the old one ended first. */
  async reconnect(): Promise<void> {
    await this.disconnect();
    this.client = new Client({ connectionString: this.platform.config.database.url });
    await this.client.connect();
  }

  /** Ends the database client: before its server goes away, whose 'error' nobody would listen to. */
  async disconnect(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end();
  }

  /**
   * Stops everything it started and removes its folder. `reset` also drops its databases and topics; a platform on
   * a server of its own that goes away with it (postgres-faults) only needs `down`.
   */
  async stop(how: 'reset' | 'down' = 'reset'): Promise<void> {
    await this.disconnect();
    this.step('platform', how);
    this.killAll();
    await runCli(how === 'reset' ? ['reset', '--yes'] : ['down'], this.platform.env);
    this.platform.remove();
    this.step('platform', 'removed');
  }

  /**
   * SIGKILLs every process the platform runs, supervisors first (or they would start their apps again): what is
   * left is thrown away, so nothing needs a clean stop, and three brokers stopping cleanly together take seconds.
   * Only processes whose environment names this platform's home: a pid file may outlive its process.
   */
  private killAll(): void {
    const run = path.join(this.platform.home, 'run');
    if (!fs.existsSync(run)) return;
    const files = fs
      .readdirSync(run)
      .filter((f) => f.endsWith('.pid'))
      .sort((a, b) => Number(b.includes('.supervisor.')) - Number(a.includes('.supervisor.')));
    for (const file of files) {
      const pid = Number(fs.readFileSync(path.join(run, file), 'utf8').trim());
      if (!ownedBy(pid, this.platform.home)) continue;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone between the look and the kill: nothing left to stop.
      }
    }
  }
}

/** Whether process `pid` runs for the platform at `home` (it was started with that SHOPSTREAM_HOME). */
function ownedBy(pid: number, home: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`SHOPSTREAM_HOME=${home}`);
  } catch {
    return false;
  }
}
