import { Client } from 'pg';
import { EventPosition } from '../commands/commands.port';
import { EventsNotPublishedError } from '../order-flow.errors';
import { PUBLISHED_CHANNEL } from './outbox';

interface Waiting {
  readonly ids: readonly string[];
  resolve(positions: EventPosition[]): void;
}

/**
 * Lets a command wait until the relay has published its outbox rows (Kafka acknowledged them), so the API answers
 * 2xx only for events that are written. One LISTEN connection per process; every wake-up checks all waiters in one
 * query, so many concurrent requests cost one round trip per relay batch.
 */
export class PublicationWaiter {
  private readonly client: Client;
  private readonly waiting = new Set<Waiting>();
  private checking: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(databaseUrl: string) {
    this.client = new Client({ connectionString: databaseUrl });
  }

  async start(): Promise<void> {
    await this.client.connect();
    this.client.on('notification', () => void this.check());
    await this.client.query(`listen ${PUBLISHED_CHANNEL}`);
    // A notification can be missed (sent before we listened, or a reconnect): poll as a safety net.
    this.timer = setInterval(() => void this.check(), 250);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.client.end();
  }

  async waitFor(ids: readonly string[], timeoutMs: number): Promise<EventPosition[]> {
    if (ids.length === 0) return [];
    return new Promise<EventPosition[]>((resolve, reject) => {
      const entry: Waiting = {
        ids,
        resolve: (positions) => {
          clearTimeout(timer);
          this.waiting.delete(entry);
          resolve(positions);
        },
      };
      const timer = setTimeout(() => {
        this.waiting.delete(entry);
        reject(new EventsNotPublishedError(timeoutMs));
      }, timeoutMs);
      this.waiting.add(entry);
      void this.check();
    });
  }

  private check(): Promise<void> {
    if (!this.checking) {
      // A failed check (connection blip) is retried by the next poll; the waiters time out if it never recovers.
      this.checking = this.checkNow()
        .catch((error: unknown) => {
          process.stderr.write(`publication waiter: ${String(error)}\n`);
        })
        .finally(() => {
          this.checking = null;
        });
    }
    return this.checking;
  }

  private async checkNow(): Promise<void> {
    if (this.waiting.size === 0) return;
    const entries = [...this.waiting];
    const ids = [...new Set(entries.flatMap((e) => e.ids))];
    const { rows } = await this.client.query<{
      id: string;
      event_id: string;
      event_type: string;
      topic: string;
      partition: number;
      offset: string;
    }>(
      `select id, event_id, event_type, topic, partition, "offset" from order_flow.outbox
       where id = any($1::bigint[]) and published_at is not null`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [String(r.id), r]));
    for (const entry of entries) {
      if (!entry.ids.every((id) => byId.has(id))) continue;
      entry.resolve(
        entry.ids.map((id) => {
          const r = byId.get(id)!;
          return {
            eventId: r.event_id,
            type: r.event_type,
            topic: r.topic,
            partition: r.partition,
            offset: String(r.offset),
          };
        }),
      );
    }
  }
}
