import { Client } from 'pg';
import { DatabaseSessionLostError } from './database-session.errors';
import { ReconnectBackoff } from './reconnect-backoff';

export interface ListeningSessionOptions {
  readonly url: string;
  /** Names the connection in errors and logs, e.g. "outbox relay". */
  readonly name: string;
  /** LISTENed again on every new connection. */
  readonly channels: readonly string[];
  readonly onNotification?: (channel: string, payload: string) => void;
  /** After each (re)connection: notifications may have been missed while it was down. */
  readonly onConnected?: () => void;
  /** When the connection is lost: session state (advisory locks, LISTENs) went with it. */
  readonly onLost?: (error: unknown) => void;
  readonly log?: (line: string) => void;
  readonly backoff?: ReconnectBackoff;
  /** Shown in pg_stat_activity; `shopstream <name>` by default. */
  readonly applicationName?: string;
}

/**
 * One long-lived PostgreSQL connection for what needs a session of its own (LISTEN, advisory locks), that survives
 * the database going away: a terminated backend, an idle timeout or a restart. A raw pg Client emits 'error' on such a
 * loss, which kills the process when nobody listens, and is never usable again; this one reports the loss, refuses
 * queries meanwhile, and reconnects with backoff, LISTENing again.
 */
export class ListeningSession {
  private client: Client | null = null;
  private running = false;
  private reconnecting: Promise<void> | null = null;
  private readonly backoff: ReconnectBackoff;

  constructor(private readonly options: ListeningSessionOptions) {
    this.backoff = options.backoff ?? new ReconnectBackoff();
  }

  get connected(): boolean {
    return this.client !== null;
  }

  /** Connects once; a failure here is the caller's (start-up fails loudly), later losses reconnect by themselves. */
  async start(): Promise<void> {
    this.running = true;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    const client = this.client;
    this.client = null;
    await this.reconnecting;
    await client?.end();
  }

  async query<R extends object = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<R[]> {
    const client = this.client;
    if (!client) throw new DatabaseSessionLostError(this.options.name);
    try {
      const result = await client.query<R>(sql, params ? [...params] : undefined);
      return result.rows;
    } catch (error) {
      // A query that fails because the connection died is a lost session, not a bad query.
      if (this.client !== client) throw new DatabaseSessionLostError(this.options.name, error);
      throw error;
    }
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.options.url,
      application_name: this.options.applicationName ?? `shopstream ${this.options.name}`,
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', (n) => this.options.onNotification?.(n.channel, n.payload ?? ''));
    try {
      await client.connect();
      for (const channel of this.options.channels) await client.query(`listen ${channel}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch((closeError: unknown) => {
        this.options.log?.(`${this.options.name}: closing a failed connection: ${String(closeError)}`);
      });
      throw error;
    }
    this.client = client;
    this.backoff.reset();
    this.options.onConnected?.();
  }

  private lost(client: Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    this.options.log?.(
      `${this.options.name}: lost its PostgreSQL connection (${error instanceof Error ? error.message : String(error)}); reconnecting`,
    );
    this.options.onLost?.(error);
    this.reconnecting ??= this.reconnect().finally(() => {
      this.reconnecting = null;
    });
  }

  private async reconnect(): Promise<void> {
    while (this.running && !this.client) {
      await new Promise((resolve) => setTimeout(resolve, this.backoff.delay()));
      if (!this.running) return;
      try {
        await this.connect();
        this.options.log?.(`${this.options.name}: reconnected to PostgreSQL`);
      } catch (error) {
        this.options.log?.(
          `${this.options.name}: reconnect failed (${error instanceof Error ? error.message : String(error)})`,
        );
      }
    }
  }
}
