import type { Pool, PoolClient } from 'pg';
import type { Delivery, HandlerContext } from '../handlers/handler-context';
import { AppliedEventsStore } from './applied-events-store';

/** A handler that writes through `tx`, the transaction that also records the event as applied. */
export type TransactionalHandler<E> = (event: E, ctx: HandlerContext, tx: PoolClient) => Promise<void>;
export type TransactionalBatchHandler<E> = (
  deliveries: readonly Delivery<E>[],
  tx: PoolClient,
) => Promise<void>;

export interface ExactlyOnceOptions {
  readonly pool: Pool;
  /** The team's own PostgreSQL schema; the applied-events table is created in it. */
  readonly schema: string;
  /** The subscription's group: two groups applying the same event keep separate records. */
  readonly group: string;
}

/**
 * Exactly-once effects on the team's own PostgreSQL: the handler's writes and the record that the event was applied
 * commit in one transaction, keyed by event id (not the offset, which changes when an event goes through a retry
 * topic). A redelivery after a crash or rebalance finds the id and does nothing.
 */
export class ExactlyOnce {
  private readonly store: AppliedEventsStore;

  constructor(private readonly options: ExactlyOnceOptions) {
    this.store = new AppliedEventsStore(options.schema);
  }

  /** Creates the schema and the applied-events table if they are missing. */
  async migrate(): Promise<void> {
    await this.inTransaction((tx) => this.store.create(tx));
  }

  /** Wraps a per-event handler. */
  handler<E>(apply: TransactionalHandler<E>): (event: E, ctx: HandlerContext) => Promise<void> {
    return (event, ctx) =>
      this.inTransaction(async (tx) => {
        const id = eventIdOf(event, ctx);
        const fresh = await this.store.claim(tx, this.options.group, [id]);
        if (fresh.has(id)) await apply(event, ctx, tx);
      });
  }

  /** Wraps a batch handler: it gets only the events of the batch not applied before, in one transaction. */
  batch<E>(apply: TransactionalBatchHandler<E>): (deliveries: readonly Delivery<E>[]) => Promise<void> {
    return (deliveries) =>
      this.inTransaction(async (tx) => {
        const ids = deliveries.map((d) => eventIdOf(d.event, d.ctx));
        const fresh = await this.store.claim(tx, this.options.group, ids);
        // Within a batch an id seen twice is applied at its first delivery.
        const toApply = deliveries.filter((d, i) => fresh.delete(ids[i]!));
        if (toApply.length) await apply(toApply, tx);
      });
  }

  /** How many events the group has applied. */
  async appliedCount(): Promise<number> {
    const client = await this.options.pool.connect();
    try {
      return await this.store.count(client, this.options.group);
    } finally {
      client.release();
    }
  }

  private async inTransaction<T>(work: (tx: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.options.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // The handler's error is the one to report; a connection that cannot even roll back is thrown away.
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

/** The event's own id, else its position in its original topic (for events without metadata). */
function eventIdOf(event: unknown, ctx: HandlerContext): string {
  return ctx.metadata?.eventId ?? `${ctx.topic}/${ctx.partition}@${ctx.offset}`;
}
