import type { Pool } from 'pg';
import type { IncomingRecord } from '@shopstream/kafka';
import { originOf } from '../retry/retry-headers';
import { stageBehindOlderEvents } from './behind-older-events';
import { EventOrigin, HeldEventsStore } from './held-events.store';

/** Where keepKeyOrder keeps the events waiting in retry topics: a schema of the team's own PostgreSQL. */
export interface KeyOrderOptions {
  readonly pool: Pool;
  /** Lower-case identifier; `subscriber_held_events` is created in it at start. */
  readonly schema: string;
}

/**
 * The waiting events of a group's keys, shared by every instance of the group and kept across restarts: the main
 * consumer and each retry stage's consumer may run in different processes, and a partition may move between them
 * at any rebalance, so no process alone knows what waits.
 */
export class KeyOrder {
  private readonly store: HeldEventsStore;
  /** Records read from their own topic that found a row of their own: left by a try cut short, removed when done. */
  private readonly foundOwnRow = new WeakSet<IncomingRecord>();

  constructor(
    private readonly options: KeyOrderOptions,
    private readonly group: string,
    private readonly lastStage: number,
  ) {
    this.store = new HeldEventsStore(options.schema);
  }

  migrate(): Promise<void> {
    return this.store.create(this.options.pool);
  }

  /** Null when the record may run now, else the stage where it waits behind an older event of its key. */
  async stageBehind(record: IncomingRecord, stage: number): Promise<number | null> {
    if (record.key === null || this.lastStage < 0) return null;
    const origin = originOf(record);
    const waiting = await this.store.waiting(this.options.pool, this.group, origin.topic, record.key);
    if (waiting.some((w) => w.partition === origin.partition && w.offset === origin.offset))
      this.foundOwnRow.add(record);
    return stageBehindOlderEvents(waiting, origin, stage, this.lastStage);
  }

  /** Written before the copy is sent, so no later event of the key can be read before its hold is known. */
  async placing(record: IncomingRecord, stage: number): Promise<void> {
    if (record.key !== null)
      await this.store.place(this.options.pool, this.group, origin(record), record.key, stage);
  }

  /** The copy could not be sent: the record stays where it was read (its own topic: not held). */
  async sendFailed(record: IncomingRecord, readFrom: number): Promise<void> {
    if (record.key === null) return;
    if (readFrom < 0) await this.store.release(this.options.pool, this.group, origin(record));
    else await this.store.place(this.options.pool, this.group, origin(record), record.key, readFrom);
  }

  /** The record no longer waits. Read from its own topic it had no row, unless a try cut short left one. */
  async release(record: IncomingRecord, readFrom: number): Promise<void> {
    if (record.key === null || (readFrom < 0 && !this.foundOwnRow.has(record))) return;
    await this.store.release(this.options.pool, this.group, origin(record));
  }

  /** How many of the group's events wait in retry stages (for status and tests). */
  heldCount(): Promise<number> {
    return this.store.count(this.options.pool, this.group);
  }
}

function origin(record: IncomingRecord): EventOrigin {
  const { topic, partition, offset } = originOf(record);
  return { topic, partition, offset };
}
