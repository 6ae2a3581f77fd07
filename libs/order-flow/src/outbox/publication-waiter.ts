import { CoalescedRun, ListeningSession } from '@shopstream/database';
import { EventPosition } from './event-position';
import { EventsNotPublishedError } from '../order-flow.errors';
import { OutboxStore, PUBLISHED_CHANNEL } from './outbox-store';

interface Waiting {
  readonly ids: readonly string[];
  resolve(positions: EventPosition[]): void;
}

/**
 * Lets a command wait until the relay has published its outbox rows (Kafka acknowledged them), so the API answers
 * 2xx only for events that are written. One LISTEN session per process; every wake-up checks all waiters in one
 * query, so many concurrent requests cost one round trip per relay batch. While the session is down the waiters wait
 * (and time out into a 503); it reconnects by itself.
 */
export class PublicationWaiter {
  private readonly session: ListeningSession;
  private readonly store: OutboxStore;
  private readonly waiting = new Set<Waiting>();
  // A notification that lands while a check's query is out may announce rows it did not see: it gets a check of its
  // own after that one, or the waiters it completes would wait for the poll.
  private readonly checking = new CoalescedRun(() =>
    this.checkNow().catch((error: unknown) => {
      // A failed check (connection lost) is retried by the next poll; the waiters time out if it never recovers.
      this.log(`publication waiter: ${error instanceof Error ? error.message : String(error)}`);
    }),
  );
  private timer: NodeJS.Timeout | null = null;

  constructor(
    databaseUrl: string,
    private readonly log: (line: string) => void = () => undefined,
    applicationName?: string,
  ) {
    this.session = new ListeningSession({
      url: databaseUrl,
      name: 'publication waiter',
      ...(applicationName ? { applicationName } : {}),
      channels: [PUBLISHED_CHANNEL],
      onNotification: () => void this.check(),
      onConnected: () => void this.check(),
      log,
    });
    this.store = new OutboxStore(this.session);
  }

  async start(): Promise<void> {
    await this.session.start();
    // A notification can be missed (sent before we listened, or while reconnecting): poll as a safety net.
    this.timer = setInterval(() => void this.check(), 250);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.session.stop();
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

  /**
   * Positions the relay in this process has just recorded: the waiters they complete are answered without a query.
   * Others (events published by a relay elsewhere, or spread over batches) are answered by the next check.
   */
  recorded(positions: ReadonlyMap<string, EventPosition>): void {
    for (const entry of [...this.waiting]) {
      if (entry.ids.every((id) => positions.has(id)))
        entry.resolve(entry.ids.map((id) => positions.get(id)!));
    }
  }

  private check(): Promise<void> {
    return this.checking.request();
  }

  private async checkNow(): Promise<void> {
    if (this.waiting.size === 0 || !this.session.connected) return;
    const entries = [...this.waiting];
    const published = await this.store.publishedPositions([...new Set(entries.flatMap((e) => e.ids))]);
    for (const entry of entries) {
      if (entry.ids.every((id) => published.has(id)))
        entry.resolve(entry.ids.map((id) => published.get(id)!));
    }
  }
}
