import { DataSource } from 'typeorm';
import { EventCodec, newEventId, ShopstreamEvent } from '@shopstream/events';
import type { EventContext } from '@shopstream/orders';
import { inTransaction, SqlExecutor } from '@shopstream/database';
import { EventsNotPublishedError, IdempotencyConflictError } from '../order-flow.errors';
import { enqueueEvents } from '../outbox/outbox';
import { PublicationWaiter } from '../outbox/publication-waiter';
import { IdempotencyKeyStore } from '../stores/idempotency-keys.store';
import { OrderStore } from '../stores/orders.store';
import { PaymentStore } from '../stores/payments.store';
import { ShipmentStore } from '../stores/shipments.store';
import { StockStore } from '../stores/stock.store';
import { CommandOutcome, EventPosition, RequestMeta } from './commands.port';

/** The producer the commands' events name: the processor knows what the API already settled by it. */
export const PRODUCER = 'commerce-api';

/** The stores a command reads and changes, all in its one transaction. */
export interface CommandStores {
  readonly orders: OrderStore;
  readonly stock: StockStore;
  readonly payments: PaymentStore;
  readonly shipments: ShipmentStore;
}

/** What a command decides with: its stores and the context its events are stamped with. */
export interface CommandScope {
  readonly stores: CommandStores;
  readonly ctx: EventContext;
}

/** A command's answer to the client and the events it emits. */
export interface Decision<R> {
  readonly result: R;
  readonly events: readonly ShopstreamEvent[];
}

/** One use case: locks what it needs, decides with the pure domain libs, saves the new state. */
export type CommandWork<R> = (scope: CommandScope) => Promise<Decision<R>>;

/** A command's committed answer: what the client gets once the events in these outbox rows are published. */
export interface Stored<R> {
  readonly result: R;
  readonly ids: readonly string[];
  readonly replayed: boolean;
}

/** The context a command's events are stamped with. */
export function commandContext(meta: RequestMeta): EventContext {
  return {
    now: Date.now(),
    newEventId,
    correlationId: meta.correlationId,
    causationId: null,
    producer: PRODUCER,
  };
}

/** Thrown inside a transaction when a concurrent request with the same Idempotency-Key committed first. */
class LostIdempotencyRace extends Error {}

/**
 * Runs each command in one transaction: idempotency check, the use case (row locks, a decision by the pure domain
 * libs, new state), events into the outbox, the idempotency record. Only after the commit does it wait for the relay
 * to publish the events, so the answer is given for events Kafka has acknowledged and never for a rolled-back one.
 */
export class CommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly codec: EventCodec<ShopstreamEvent>,
    private readonly waiter: PublicationWaiter,
    private readonly publishTimeoutMs: number,
  ) {}

  async run<R>(meta: RequestMeta, work: CommandWork<R>): Promise<CommandOutcome<R>> {
    let stored: Stored<R>;
    try {
      stored = await inTransaction(this.dataSource, (sql) => this.decideAndStore(sql, meta, work));
    } catch (error) {
      if (!(error instanceof LostIdempotencyRace)) throw error;
      stored = await inTransaction(this.dataSource, (sql) => this.decideAndStore(sql, meta, work));
    }
    return this.answer(stored, meta);
  }

  /** Waits until Kafka acknowledged the committed command's events, then gives its answer. */
  async answer<R>(stored: Stored<R>, meta: RequestMeta): Promise<CommandOutcome<R>> {
    let events: readonly EventPosition[];
    try {
      events = await this.waiter.waitFor(stored.ids, this.publishTimeoutMs);
    } catch (error) {
      if (error instanceof EventsNotPublishedError && !meta.idempotencyKey)
        throw new EventsNotPublishedError(error.waitedMs, false);
      throw error;
    }
    return { result: stored.result, events, replayed: stored.replayed };
  }

  private async decideAndStore<R>(
    sql: SqlExecutor,
    meta: RequestMeta,
    work: CommandWork<R>,
  ): Promise<Stored<R>> {
    const keys = new IdempotencyKeyStore(sql);
    if (meta.idempotencyKey) {
      await keys.claim(meta.idempotencyKey);
      const previous = await keys.find<R>(meta.idempotencyKey);
      if (previous) {
        if (previous.requestHash !== meta.requestHash)
          throw new IdempotencyConflictError(meta.idempotencyKey);
        return { result: previous.result, ids: previous.outboxIds, replayed: true };
      }
    }
    const ctx = commandContext(meta);
    const stores: CommandStores = {
      orders: new OrderStore(sql),
      stock: new StockStore(sql),
      payments: new PaymentStore(sql),
      shipments: new ShipmentStore(sql),
    };
    const { result, events } = await work({ stores, ctx });
    const ids = await enqueueEvents(sql, this.codec, events);
    if (meta.idempotencyKey) {
      const recorded = await keys.record(meta.idempotencyKey, {
        requestHash: meta.requestHash,
        result,
        outboxIds: ids,
      });
      if (!recorded) throw new LostIdempotencyRace();
    }
    return { result, ids, replayed: false };
  }
}
