import { ShopstreamEvent } from '@shopstream/events';
import { BatchControl, IncomingRecord, RecordBatch } from '@shopstream/kafka';
import { ApplyResult } from '../apply/apply-batch';
import { CheckpointAdvance } from '../checkpoints/checkpoint-store';
import { CheckpointMovedError } from '../checkpoints/checkpoint.errors';
import { ParkedRecord } from '../dead-letters/dead-letter-store';
import { ProjectedEvent } from '../definition/projection';
import { ProjectionInvariantError } from '../definition/projection.errors';
import { classifyFailure } from './error-classification';
import { slotOf } from './lane-positions';
import { holdsNul, withoutNul } from './nul-in-text';
import { ParkedPartitions } from './parked-partitions';
import { Decoded, projected, sortOut } from './sort-out';

/** What one transaction applies: events of one or more partitions, and where each partition ends up. */
export interface TransactionWork {
  readonly events: ProjectedEvent<ShopstreamEvent>[];
  readonly advances: CheckpointAdvance[];
}

export type DecodeRecord = (record: IncomingRecord) => Promise<Decoded>;

/** The statements of one chunk's transaction, in the lane's schema and under its dead-letter lock. */
export interface ChunkTransaction {
  /** Whether the partition has an event parked now. */
  partitionHasParked(topic: string, partition: number): Promise<boolean>;
  /** Keys of `keys` with an event parked in the topic: their later events must be parked behind it. */
  parkedKeys(topic: string, keys: readonly string[]): Promise<ReadonlySet<string>>;
  /** Applies the events and moves the checkpoints; CheckpointMovedError when one is not where the work starts. */
  apply(work: TransactionWork): Promise<ApplyResult>;
  park(records: readonly ParkedRecord[]): Promise<void>;
}

/** Where a lane's transactions meet the database. */
export interface LaneTransactions {
  /**
   * The usual case (no event seen before, no checkpoint moved, nothing to park) sent in as few round trips as it
   * takes; null when it held a surprise, and the work must go through `transaction`, which tells the cases apart.
   */
  applyPipelined(work: TransactionWork): Promise<ApplyResult | null>;
  transaction<T>(work: (tx: ChunkTransaction) => Promise<T>): Promise<T>;
}

/** A chunk whose transaction committed. */
export interface AppliedChunk {
  readonly batch: RecordBatch;
  readonly chunk: readonly IncomingRecord[];
  /** What was applied, parked records left out. */
  readonly events: readonly ProjectedEvent<ShopstreamEvent>[];
  readonly result: ApplyResult;
  readonly seconds: number;
}

export interface ChunkApplierOptions {
  readonly transactions: LaneTransactions;
  readonly parked: ParkedPartitions;
  readonly stopping: () => boolean;
  readonly applied: (chunk: AppliedChunk) => void;
  readonly telemetry: {
    retrying(error: unknown, delayMs: number, first: IncomingRecord): void;
    parked(parked: readonly ParkedRecord[], records: readonly IncomingRecord[]): void;
    nulReplaced(): void;
  };
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Backoff before the next try of a chunk that failed transiently: doubling from 200 ms, at most 30 s. */
export const retryDelayMs = (attempt: number) => Math.min(30_000, 200 * 2 ** Math.min(attempt, 8));

/** Where a chunk moves its partition's checkpoint: from its first record to after its last. */
export function chunkAdvance(
  batch: { readonly topic: string; readonly partition: number },
  chunk: readonly IncomingRecord[],
  noneParked: boolean,
): CheckpointAdvance {
  return {
    topic: batch.topic,
    partition: batch.partition,
    fromOffset: chunk[0]!.offset,
    nextOffset: String(BigInt(chunk.at(-1)!.offset) + 1n),
    noneParked,
  };
}

/** The event an invariant error names, among those the transaction applied. */
export function invariantCulprit(
  error: unknown,
  events: readonly ProjectedEvent<ShopstreamEvent>[],
): ProjectedEvent<ShopstreamEvent> | undefined {
  if (!(error instanceof ProjectionInvariantError)) return undefined;
  return events.find((e) => ('metadata' in e.event ? e.event.metadata.eventId : undefined) === error.eventId);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Applies one chunk of a partition in one transaction, keeping every record accounted for: a chunk with nothing
 * parked and every record decoded first goes pipelined; otherwise, or when that fails, one transaction parks poison
 * records (and every later record of a key with one parked, so an aggregate's order holds), applies the rest and
 * moves the checkpoint. When that transaction fails, the applier finds the record to blame: the event an invariant
 * error names, else each record on its own, a NUL in text applied replaced, and a record that still fails parked.
 * Transient failures retry with backoff, never skipping; a moved checkpoint is the caller's to follow.
 */
export class ChunkApplier {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: ChunkApplierOptions) {
    this.sleep = options.sleep ?? sleep;
  }

  /** Applies the chunk, retrying transient failures while the batch is still this member's. */
  async apply(
    batch: RecordBatch,
    chunk: readonly IncomingRecord[],
    control: BatchControl,
    decode: DecodeRecord,
  ): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.applyOnce(batch, chunk, new Map(), control, decode);
        return;
      } catch (error) {
        if (classifyFailure(error) !== 'transient' || this.options.stopping()) throw error;
        const delay = retryDelayMs(attempt);
        this.options.telemetry.retrying(error, delay, chunk[0]!);
        await this.sleep(delay);
        if (!control.isActive()) throw error;
        await control.heartbeat();
      }
    }
  }

  /** `poison`: records known to be unappliable, by offset, and why; it grows as culprits are found. */
  private async applyOnce(
    batch: RecordBatch,
    chunk: readonly IncomingRecord[],
    poison: Map<string, unknown>,
    control: BatchControl,
    decode: DecodeRecord,
  ): Promise<void> {
    const { transactions, parked: parkedIn } = this.options;
    const slot = slotOf(batch);
    const decoded = await Promise.all(chunk.map(decode));
    for (const d of decoded) if ('error' in d) poison.set(d.record.offset, d.error);
    const last = chunk.at(-1)!;
    const started = process.hrtime.bigint();
    const advances = [chunkAdvance(batch, chunk, parkedIn.isClean(slot))];
    if (poison.size === 0 && parkedIn.isClean(slot)) {
      const events = decoded.flatMap((d) => ('error' in d ? [] : [projected(d.record, d.event)]));
      const result = await transactions.applyPipelined({ events, advances });
      if (result) return this.applied(batch, chunk, events, result, started);
    }
    let toApply: ProjectedEvent<ShopstreamEvent>[] = [];
    let parked: ParkedRecord[] = [];
    let result: ApplyResult;
    try {
      result = await transactions.transaction(async (tx) => {
        const keys = [...new Set(chunk.map((r) => r.key).filter((k): k is string => k !== null))];
        // Spares the parked-keys query for the usual partition with nothing parked.
        const mayHaveParked = await parkedIn.mayHave(slot, () =>
          tx.partitionHasParked(batch.topic, batch.partition),
        );
        const blocked = mayHaveParked ? await tx.parkedKeys(batch.topic, keys) : new Set<string>();
        ({ toApply, parked } = sortOut(decoded, poison, blocked));
        const applied = await tx.apply({ events: toApply, advances });
        await tx.park(parked);
        if (parked.length > 0) parkedIn.parked(slot);
        return applied;
      });
    } catch (error) {
      if (error instanceof CheckpointMovedError || classifyFailure(error) === 'transient') throw error;
      const culprit = invariantCulprit(error, toApply);
      if (culprit) {
        poison.set(culprit.offset, error);
        return this.applyOnce(batch, chunk, poison, control, decode);
      }
      if (chunk.length > 1) {
        // Each record in its own transaction, with the same retry of transient failures as a whole chunk.
        for (const record of chunk) await this.apply(batch, [record], control, decode);
        return;
      }
      // A NUL fails the same way on every try and would park its key for good: apply it replaced (nul-in-text.ts).
      const [only] = decoded;
      if (only && 'event' in only && !poison.has(last.offset) && holdsNul(only.event)) {
        const repaired: Decoded = { record: only.record, event: withoutNul(only.event) };
        this.options.telemetry.nulReplaced();
        return this.applyOnce(batch, chunk, poison, control, () => Promise.resolve(repaired));
      }
      // Parking itself failed: nothing more this process can do safely; kafkajs restarts the consumer.
      if (poison.has(last.offset)) throw error;
      poison.set(last.offset, error);
      return this.applyOnce(batch, chunk, poison, control, decode);
    }
    this.applied(batch, chunk, toApply, result, started);
    this.options.telemetry.parked(parked, chunk);
  }

  private applied(
    batch: RecordBatch,
    chunk: readonly IncomingRecord[],
    events: readonly ProjectedEvent<ShopstreamEvent>[],
    result: ApplyResult,
    started: bigint,
  ): void {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.options.applied({ batch, chunk, events, result, seconds });
  }
}
