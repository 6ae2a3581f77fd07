import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { SqlExecutor } from '@shopstream/database';
import { OrderState } from '@shopstream/orders';
import { IdempotencyConflictError } from '../order-flow.errors';
import { encodeEvents } from '../outbox/outbox';
import { NewOutboxRow, OutboxStore } from '../outbox/outbox-store';
import { IdempotencyKeyStore, RecordedAnswer } from '../stores/idempotency-keys.store';
import { OrderStore } from '../stores/orders.store';
import { commandContext, Stored } from './command-runner';
import type { PlaceOrderInput, RequestMeta } from './commands.port';
import { decidePlaceOrder } from './place-order/place-order.command';

export type PlacedResult = { orderId: string; status: 'PENDING' };

export interface PlaceOrderCall {
  readonly input: PlaceOrderInput;
  readonly meta: RequestMeta;
}

/**
 * What became of one call in a shared transaction: stored (answered once its events are published), failed on its
 * own (its error, nothing of it written), or left to run alone in its own transaction afterwards (its key is held by
 * another transaction, or an earlier call in the same batch has the same key).
 */
export type TogetherOutcome =
  | { readonly kind: 'stored'; readonly stored: Stored<PlacedResult> }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'alone' };

/** A key recorded by someone else while this transaction held its lock: the transaction must not commit. */
export class BatchIdempotencyRaceError extends Error {
  constructor(keys: readonly string[]) {
    super(
      `Idempotency-Key(s) ${keys.join(', ')} were recorded concurrently; the batch is rolled back and its commands run alone.`,
    );
    this.name = 'BatchIdempotencyRaceError';
  }
}

interface Decided {
  readonly index: number;
  readonly result: PlacedResult;
  readonly state: OrderState;
  readonly rows: readonly NewOutboxRow[];
}

/**
 * Many new orders in the caller's one transaction, with a fixed number of statements whatever their count: the keys'
 * locks and stored answers, then one insert each into orders, the outbox and idempotency_keys. Each order is decided
 * and encoded on its own first, so an invalid one fails only itself; a statement that fails fails the transaction,
 * and the caller then runs each call alone.
 */
export async function placeOrdersTogether(
  sql: SqlExecutor,
  codec: EventCodec<ShopstreamEvent>,
  calls: readonly PlaceOrderCall[],
): Promise<TogetherOutcome[]> {
  const outcomes: (TogetherOutcome | undefined)[] = calls.map(() => undefined);
  const keys = new IdempotencyKeyStore(sql);
  const firstWithKey = new Map<string, number>();
  calls.forEach(({ meta }, i) => {
    if (!meta.idempotencyKey) return;
    if (firstWithKey.has(meta.idempotencyKey)) outcomes[i] = { kind: 'alone' };
    else firstWithKey.set(meta.idempotencyKey, i);
  });
  const claimed = await keys.claimFree([...firstWithKey.keys()]);
  for (const [key, i] of firstWithKey) if (!claimed.has(key)) outcomes[i] = { kind: 'alone' };
  const previous = await keys.findAll<PlacedResult>([...claimed]);
  for (const [key, answer] of previous) {
    const i = firstWithKey.get(key)!;
    outcomes[i] =
      answer.requestHash === calls[i]!.meta.requestHash
        ? { kind: 'stored', stored: { result: answer.result, ids: answer.outboxIds, replayed: true } }
        : { kind: 'failed', error: new IdempotencyConflictError(key) };
  }

  const decided = await Promise.all(
    calls.map(async ({ input, meta }, index): Promise<Decided | null> => {
      if (outcomes[index]) return null;
      try {
        const { result, events, state } = decidePlaceOrder(input, commandContext(meta));
        return { index, result, state, rows: await encodeEvents(codec, events) };
      } catch (error) {
        outcomes[index] = { kind: 'failed', error };
        return null;
      }
    }),
  );
  const placed = decided.filter((d): d is Decided => d !== null);
  if (placed.length > 0) {
    await new OrderStore(sql).save(placed.map((d) => d.state));
    const ids = await new OutboxStore(sql).append(placed.flatMap((d) => d.rows));
    const answers = new Map<string, RecordedAnswer<PlacedResult>>();
    let next = 0;
    for (const d of placed) {
      const own = ids.slice(next, next + d.rows.length);
      next += d.rows.length;
      outcomes[d.index] = { kind: 'stored', stored: { result: d.result, ids: own, replayed: false } };
      const { idempotencyKey, requestHash } = calls[d.index]!.meta;
      if (idempotencyKey) answers.set(idempotencyKey, { requestHash, result: d.result, outboxIds: own });
    }
    const recorded = await keys.recordAll(answers);
    const lost = [...answers.keys()].filter((k) => !recorded.has(k));
    if (lost.length > 0) throw new BatchIdempotencyRaceError(lost);
  }
  return outcomes.map((o) => o ?? { kind: 'alone' });
}
