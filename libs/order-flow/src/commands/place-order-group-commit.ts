import { DataSource } from 'typeorm';
import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { inTransaction } from '@shopstream/database';
import { CommandRunner } from './command-runner';
import type { CommandOutcome, PlaceOrderInput, RequestMeta } from './commands.port';
import { placeOrder } from './place-order/place-order.command';
import { PlacedResult, PlaceOrderCall, placeOrdersTogether, TogetherOutcome } from './place-orders-together';

export interface GroupCommitOptions {
  /** Most orders written in one transaction. */
  readonly maxBatch: number;
  /** Most shared transactions open at once; calls arriving meanwhile queue and go into the next one. */
  readonly maxInFlight: number;
}

export const DEFAULT_GROUP_COMMIT: GroupCommitOptions = { maxBatch: 500, maxInFlight: 2 };

interface Waiting extends PlaceOrderCall {
  resolve(outcome: CommandOutcome<PlacedResult>): void;
  reject(error: unknown): void;
}

/** Marks a failure inside the shared transaction's statements, before its COMMIT was sent. */
class FailedBeforeCommit extends Error {
  constructor(cause: unknown) {
    super('the shared transaction failed before its commit', { cause });
  }
}

/**
 * Group commit for new orders: concurrent calls share one PostgreSQL transaction and a handful of statements, so a
 * shop sale costs a commit (and its WAL flush) per batch instead of per order. There is no timer: a call starts a
 * transaction at once when fewer than maxInFlight are open, and otherwise joins the queue the next one takes, so
 * batches grow only as the load does and a lone request waits for nobody.
 *
 * Each call keeps its own answer. One that is invalid fails alone before anything is written. If a statement of the
 * shared transaction fails, nothing of it was written and every call runs again alone, in its own transaction, so a
 * bad order fails only itself. If the COMMIT itself fails its outcome is unknown, as for any single command: the
 * calls get the error, and a retry with the same Idempotency-Key is answered from whatever was stored.
 */
export class PlaceOrderGroupCommit {
  private readonly queue: Waiting[] = [];
  private inFlight = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly codec: EventCodec<ShopstreamEvent>,
    private readonly runner: CommandRunner,
    private readonly options: GroupCommitOptions = DEFAULT_GROUP_COMMIT,
  ) {}

  place(input: PlaceOrderInput, meta: RequestMeta): Promise<CommandOutcome<PlacedResult>> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, meta, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      void this.commit(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  /** Resolves once the shared transaction is over; the answers follow on their own (publication, runs alone). */
  private async commit(batch: readonly Waiting[]): Promise<void> {
    let outcomes: readonly TogetherOutcome[];
    try {
      outcomes = await inTransaction(this.dataSource, (sql) =>
        placeOrdersTogether(sql, this.codec, batch).catch((error: unknown) => {
          throw new FailedBeforeCommit(error);
        }),
      );
    } catch (error) {
      if (error instanceof FailedBeforeCommit) outcomes = batch.map(() => ({ kind: 'alone' }));
      else {
        for (const call of batch) call.reject(error);
        return;
      }
    }
    batch.forEach((call, i) => {
      const outcome = outcomes[i]!;
      const answer =
        outcome.kind === 'stored'
          ? this.runner.answer(outcome.stored, call.meta)
          : outcome.kind === 'failed'
            ? Promise.reject(outcome.error)
            : this.runner.run(call.meta, placeOrder(call.input));
      answer.then(call.resolve, call.reject);
    });
  }
}
