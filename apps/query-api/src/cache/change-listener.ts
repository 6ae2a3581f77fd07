import { createLogger } from '@shopstream/logging';
import { Client } from 'pg';
import { READ_MODEL_CHANGED_CHANNEL } from './cache-triggers.store';

/** One committed statement's change of a watched table; `keys` null when it touched too many to list. */
export interface ReadModelChange {
  readonly schema: string;
  readonly table: string;
  readonly keys: readonly string[] | null;
}

/**
 * LISTENs for committed read-model changes on a connection of its own. While it is disconnected, changes are not
 * heard, so every (re)connection is reported: whoever caches must then forget what it cached.
 */
export class ChangeListener {
  private readonly logger = createLogger('query-api');
  private client: Client | null = null;
  private running = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly onChange: (change: ReadModelChange) => void,
    private readonly onConnected: () => Promise<void>,
  ) {}

  async start(): Promise<void> {
    this.running = true;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end();
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'shopstream query-api cache' });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', (n) => {
      if (n.channel !== READ_MODEL_CHANGED_CHANNEL || !n.payload) return;
      const change = parseChange(n.payload);
      if (change) this.onChange(change);
      else
        this.logger.warn(
          { payload: n.payload },
          'ignored a read-model change notification it could not read',
        );
    });
    await client.connect();
    await client.query(`listen ${READ_MODEL_CHANGED_CHANNEL}`);
    this.client = client;
    await this.onConnected();
  }

  private lost(client: Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    this.logger.warn({ err: error }, 'lost the connection that hears read-model changes; reconnecting');
    this.retry();
  }

  private retry(): void {
    if (!this.running || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect().catch((error: unknown) => {
        this.logger.warn({ err: error }, 'reconnecting the read-model change listener failed');
        this.retry();
      });
    }, 1_000);
  }
}

export function parseChange(payload: string): ReadModelChange | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch (error) {
    if (error instanceof SyntaxError) return null;
    throw error;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { schema, table, keys } = parsed as Record<string, unknown>;
  if (typeof schema !== 'string' || typeof table !== 'string') return null;
  if (keys === null) return { schema, table, keys: null };
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) return null;
  return { schema, table, keys };
}
