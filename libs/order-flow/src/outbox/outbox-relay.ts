import { ListeningSession, WakeSignal } from '@shopstream/database';
import {
  EventProducerPool,
  RecordPosition,
  RecordSender,
  RecordsNotAcknowledgedError,
} from '@shopstream/kafka';
import { EventPosition } from './event-position';
import { OUTBOX_CHANNEL, OutboxStore, PublishedPosition, UnpublishedRow } from './outbox-store';
import { kafkaLogTail } from './takeover/kafka-log-tail';
import { findUnrecordedInLog, RelayLogTail } from './takeover/unrecorded-in-log';

export interface OutboxRelayOptions {
  readonly databaseUrl: string;
  readonly brokers: readonly string[];
  readonly batchSize?: number;
  /** Producers to send through side by side (each owns a share of the partitions); 1 when absent. */
  readonly producers?: number;
  readonly log?: (line: string) => void;
  /** For tests: the producer to publish through. */
  readonly producer?: RecordSender;
  /** For tests: the log the takeover check reads. */
  readonly logTail?: RelayLogTail;
  /** Shown in pg_stat_activity. */
  readonly applicationName?: string;
  /**
   * Told, in this process, where each event landed once its position is recorded: a waiter here can answer at once
   * instead of after a notification and a query (the notification still goes out for other processes).
   */
  readonly onRecorded?: (positions: ReadonlyMap<string, EventPosition>) => void;
}

const LEADER_LOCK = 'shopstream-outbox-relay';

/**
 * Publishes the outbox to Kafka in id order, in batches, and records where each event landed. Only one relay in the
 * whole deployment publishes at a time (a PostgreSQL advisory lock elects it), because two relays working on the
 * outbox concurrently could publish one key's events out of order; the others wait to take over. The lock lives with
 * the session: when the connection is lost, leadership is given up and sought again after reconnecting.
 */
export class OutboxRelay {
  private readonly session: ListeningSession;
  private readonly store: OutboxStore;
  private readonly producer: RecordSender;
  private readonly logTail: RelayLogTail;
  private running = false;
  private readonly wakeSignal = new WakeSignal();
  private loop: Promise<void> = Promise.resolve();
  private leader = false;
  // Set on each election: the new leader first records what a previous one sent without recording it.
  private caughtUp = false;
  // Positions Kafka acknowledged that could not be recorded (the database went away): recorded first when it is back,
  // so those events are not published a second time.
  private unrecorded: PublishedPosition[] = [];
  published = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.session = new ListeningSession({
      url: options.databaseUrl,
      name: 'outbox relay',
      channels: [OUTBOX_CHANNEL],
      onNotification: () => this.wakeSignal.signal(),
      onConnected: () => this.wakeSignal.signal(),
      onLost: () => {
        this.leader = false;
      },
      ...(options.log ? { log: options.log } : {}),
      ...(options.applicationName ? { applicationName: options.applicationName } : {}),
    });
    this.store = new OutboxStore(this.session);
    this.producer =
      options.producer ??
      EventProducerPool.of(
        { brokers: options.brokers, clientId: 'shopstream-outbox-relay' },
        options.producers ?? 1,
      );
    this.logTail = options.logTail ?? kafkaLogTail(options.brokers);
  }

  get isLeader(): boolean {
    return this.leader;
  }

  async start(): Promise<void> {
    await this.session.start();
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeSignal.signal();
    await this.loop;
    if (this.leader && this.session.connected) {
      await this.session.query('select pg_advisory_unlock(hashtext($1))', [LEADER_LOCK]);
    }
    this.leader = false;
    await this.session.stop();
    await this.producer.disconnect();
  }

  private async run(): Promise<void> {
    let connected = false;
    let backoff = 200;
    while (this.running) {
      try {
        if (!this.session.connected) {
          await this.idle(backoff);
          continue;
        }
        if (!this.leader) {
          const [row] = await this.session.query<{ ok: boolean }>(
            'select pg_try_advisory_lock(hashtext($1)) as ok',
            [LEADER_LOCK],
          );
          this.leader = row?.ok === true;
          if (!this.leader) {
            await this.idle(2_000);
            continue;
          }
          // Once per session: a lost connection gives up the lead, and the next election runs this again.
          await this.store.readQueueInIndexOrder();
          this.caughtUp = false;
        }
        if (!this.caughtUp) {
          await this.recordWhatIsAlreadyInTheLog();
          this.caughtUp = true;
        }
        if (!connected) {
          await this.producer.connect();
          connected = true;
        }
        const sent = await this.publishBatch();
        backoff = 200;
        if (sent === 0) await this.idle(1_000);
      } catch (error) {
        this.options.log?.(
          `outbox relay: ${error instanceof Error ? error.message : String(error)}; retrying in ${backoff} ms`,
        );
        await this.idle(backoff);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }

  /**
   * One round: the oldest unpublished events, sent in one produce request, marked with their positions. Records the
   * broker did not acknowledge stay unpublished and go first in the next round; those it did are marked even then,
   * so a retry never writes them twice.
   */
  private async publishBatch(): Promise<number> {
    if (this.unrecorded.length > 0) {
      await this.store.markPublished(this.unrecorded);
      this.unrecorded = [];
    }
    // A notification from here on announces rows this read may not see: it must cut the next idle short.
    this.wakeSignal.clear();
    const rows = await this.store.unpublished(this.options.batchSize ?? 2_000);
    if (rows.length === 0) return 0;
    let positions: readonly RecordPosition[];
    try {
      positions = await this.producer.send(
        rows.map((r) => ({
          topic: r.topic,
          key: r.key,
          value: r.value,
          ...(r.headers ? { headers: r.headers } : {}),
        })),
      );
    } catch (error) {
      if (error instanceof RecordsNotAcknowledgedError) {
        await this.record(acknowledgedRows(rows, error.acknowledged));
      }
      throw error;
    }
    await this.record(
      rows.map((r, i) => ({ id: r.id, partition: positions[i]!.partition, offset: positions[i]!.offset })),
    );
    this.options.onRecorded?.(
      new Map(
        rows.map((r, i) => [
          r.id,
          {
            eventId: r.eventId,
            type: r.eventType,
            topic: r.topic,
            partition: positions[i]!.partition,
            offset: positions[i]!.offset,
          },
        ]),
      ),
    );
    return rows.length;
  }

  /**
   * A relay that died between Kafka's acknowledgement and recording it left its batch in the queue although the log
   * holds it: record those positions instead of publishing the events a second time.
   */
  private async recordWhatIsAlreadyInTheLog(): Promise<void> {
    const found = await findUnrecordedInLog(this.store, this.logTail);
    if (found.length === 0) return;
    await this.store.markPublished(found);
    this.options.log?.(
      `outbox relay: ${found.length} event(s) a previous relay published without recording it were found in the log and recorded, not sent again`,
    );
  }

  private async record(positions: PublishedPosition[]): Promise<void> {
    try {
      await this.store.markPublished(positions);
    } catch (error) {
      this.unrecorded = positions;
      throw error;
    }
    this.published += positions.length;
  }

  private idle(ms: number): Promise<void> {
    return this.wakeSignal.sleep(ms);
  }
}

function acknowledgedRows(
  rows: readonly UnpublishedRow[],
  acknowledged: ReadonlyMap<number, RecordPosition>,
): PublishedPosition[] {
  return [...acknowledged.entries()].map(([i, p]) => ({
    id: rows[i]!.id,
    partition: p.partition,
    offset: p.offset,
  }));
}
