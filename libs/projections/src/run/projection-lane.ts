import { DataSource } from 'typeorm';
import { ShopstreamEvent } from '@shopstream/events';
import { BatchControl, IncomingRecord, RecordBatch } from '@shopstream/kafka';
import { Logger } from '@shopstream/logging';
import { CheckpointMovedError } from '../checkpoints/checkpoint.errors';
import { ProjectedEvent, Projection } from '../definition/projection';
import { RunMode } from '../definition/run-mode';
import { ProjectionInstance } from '../definition/projection-instance';
import { ProjectionMetrics } from '../metrics/projection-metrics';
import { BatchSizer } from './batch-sizer';
import { AppliedChunk, ChunkApplier, DecodeRecord } from './chunk-applier';
import { whileAlive } from './keep-alive';
import { LaneQueue } from './lane-queue';
import { LanePositions, nextAfter, slotOf } from './lane-positions';
import { LaneTelemetry } from './lane-telemetry';
import { LogGaps } from './log-gaps';
import { ParkedPartitions } from './parked-partitions';
import { PostgresLaneTransactions } from './postgres-lane-transactions';
import { advancesOf, firstOfEachPartition, QueuedBatch } from './queued-batch';
import { projected } from './sort-out';
import { TableStatistics } from './table-statistics';

export type { DecodeRecord };

export interface LaneOptions {
  readonly projection: Projection;
  readonly instance: ProjectionInstance;
  readonly dataSource: DataSource;
  readonly metrics: ProjectionMetrics;
  /** The host's logger: its lines name the process the lane runs in. */
  readonly logger: Logger;
  readonly mode: RunMode;
  readonly maxBatchEvents: number;
  /** Least time between the starts of two queued transactions (ProjectionRunnerOptions.transactionPaceMs). */
  readonly transactionPaceMs: number;
  readonly createIndexes: boolean;
  readonly stopBefore?: (topic: string, partition: number) => bigint | undefined;
  readonly stopping: () => boolean;
  /** Moves the consumer's next fetch of a partition, for work that failed after its handler returned. */
  readonly seek: (topic: string, partition: number, offset: bigint) => void;
}

/**
 * What a lane does with a fetched batch: go back to an earlier offset, or apply `pending` (from `from` on).
 * `stopsShort`: records at or after the run's stop were left out of `pending`, to be fetched again later.
 */
export type LanePlan =
  | { readonly seek: bigint }
  | { readonly from: bigint; readonly pending: readonly IncomingRecord[]; readonly stopsShort: boolean };

/** How long a partition the log has a gap in waits before it reads its checkpoint and asks Kafka again. */
const GAP_RETRY_MS = 2_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One projection's side of a runner. A fetched batch reaches it in one of two ways. Usually it is queued, and the
 * lane applies everything queued in one transaction with the checkpoints of all its partitions, at its own pace.
 * A batch that cannot wait in a queue (big: catching up; possibly behind a parked key; holding a record that does
 * not decode) is applied in chunks, each in its own transaction, by the chunk applier, which parks what cannot be
 * applied. Either way the loop is the same: take a chunk, apply it, record where the partition got to. Where to
 * resume comes from the checkpoints, never from Kafka's committed offsets.
 */
export class ProjectionLane {
  readonly sizer: BatchSizer;
  private readonly positions = new LanePositions();
  private readonly logGaps = new LogGaps();
  /** Whether a partition may have parked events (its later events of those keys must be parked behind them). */
  private readonly parkedIn = new ParkedPartitions();
  private readonly telemetry: LaneTelemetry;
  private readonly transactions: PostgresLaneTransactions;
  private readonly chunks: ChunkApplier;
  private readonly statistics: TableStatistics;
  private readonly queue: LaneQueue<QueuedBatch>;

  constructor(readonly options: LaneOptions) {
    const { projection, instance } = options;
    this.sizer = new BatchSizer(50, options.maxBatchEvents);
    this.telemetry = new LaneTelemetry(options.metrics, options.logger, instance.name);
    this.transactions = new PostgresLaneTransactions(
      options.dataSource,
      projection,
      instance,
      options.mode,
      (error) => this.telemetry.pipeliningOff(error),
    );
    this.chunks = new ChunkApplier({
      transactions: this.transactions,
      parked: this.parkedIn,
      stopping: options.stopping,
      applied: (chunk) => this.chunkApplied(chunk),
      telemetry: this.telemetry,
    });
    this.statistics = new TableStatistics(
      () => this.transactions.analyze(),
      (error) => {
        if (!options.stopping()) this.telemetry.analyzeFailed(error);
      },
    );
    this.queue = new LaneQueue<QueuedBatch>(
      (members) => this.applyQueued(members),
      () => this.sizer.size,
      projection.batchWindowMs ?? 0,
      options.transactionPaceMs,
    );
  }

  get name(): string {
    return this.options.instance.name;
  }

  get projection(): Projection {
    return this.options.projection;
  }

  reads(topic: string): boolean {
    return this.options.instance.topics.includes(topic);
  }

  ensureTables(): Promise<void> {
    return this.transactions.ensureTables(this.options.createIndexes);
  }

  forgetAssignment(): void {
    this.positions.newGeneration();
    this.parkedIn.forgetAll();
  }

  /** Which records of the batch are this lane's to apply, or where the partition must be read from first. */
  async plan(batch: RecordBatch, control: BatchControl): Promise<LanePlan> {
    const slot = slotOf(batch);
    let from = this.positions.get(slot);
    if (from === undefined) {
      // The checkpoint says where the lane stands only once what it has queued is applied.
      await this.idle(control);
      from = this.positions.get(slot) ?? (await this.loadCheckpoint(batch.topic, batch.partition));
    }
    const first = batch.records[0];
    if (first && BigInt(first.offset) > from) {
      // Kafka's committed offset is ahead of what PostgreSQL holds (a reset, or a commit without ours): go back.
      const verdict = this.logGaps.check(slot, from, BigInt(first.offset));
      if (verdict.kind === 'start') from = BigInt(first.offset);
      else if (verdict.kind === 'seek') return { seek: from };
      else return this.waitAtGap(batch, from, BigInt(first.offset), verdict.firstReport, control);
    } else if (first && this.logGaps.closed(slot)) this.telemetry.logGapClosed(batch);
    let pending = batch.records.filter((r) => BigInt(r.offset) >= from);
    const limit = this.options.stopBefore?.(batch.topic, batch.partition);
    const stop = limit === undefined ? -1 : pending.findIndex((r) => BigInt(r.offset) >= limit);
    if (stop >= 0) pending = pending.slice(0, stop);
    return { from, pending, stopsShort: stop >= 0 };
  }

  /**
   * The log no longer holds the events from the checkpoint on: says so once, keeps the gap in a metric, and asks
   * again after a pause, reading the checkpoint anew so that one moved by the operator is followed.
   */
  private async waitAtGap(
    batch: RecordBatch,
    checkpoint: bigint,
    logStart: bigint,
    firstReport: boolean,
    control: BatchControl,
  ): Promise<LanePlan> {
    this.telemetry.logGap(batch, checkpoint, logStart, firstReport);
    await sleep(GAP_RETRY_MS);
    await control.heartbeat();
    this.positions.forget(slotOf(batch));
    return { seek: checkpoint };
  }

  /**
   * The decoded events of a batch that may wait in the queue, to share a transaction with the rest of the lane's
   * work; null when it must be applied in chunks: bigger than a transaction should be, possibly behind a parked key,
   * or a record that does not decode.
   */
  async queueable(
    batch: RecordBatch,
    pending: readonly IncomingRecord[],
    decode: DecodeRecord,
  ): Promise<ProjectedEvent<ShopstreamEvent>[] | null> {
    const slot = slotOf(batch);
    if (pending.length === 0 || pending.length > this.sizer.size || !this.parkedIn.isClean(slot)) return null;
    const events: ProjectedEvent<ShopstreamEvent>[] = [];
    try {
      for (const d of await Promise.all(pending.map(decode))) {
        if ('error' in d) return null;
        events.push(projected(d.record, d.event));
      }
    } catch {
      return null; // the registry unreachable: applying in chunks retries with backoff
    }
    return events;
  }

  /**
   * Queues the batch, to be applied with whatever else the lane has waiting in its next transaction; resolves once
   * it is queued, not applied. A full queue (the lane behind) holds the fetch, with heartbeats, until it has room.
   * False when the partition was revoked or the runner is stopping meanwhile: nothing was queued.
   */
  async enqueue(
    batch: RecordBatch,
    events: ProjectedEvent<ShopstreamEvent>[],
    control: BatchControl,
    receivedAt: number,
  ): Promise<boolean> {
    while (!this.queue.hasRoom(events.length)) {
      if (!(await whileAlive(this.queue.nextTake(), control))) return false;
    }
    if (!control.isActive() || this.options.stopping()) return false;
    this.positions.set(slotOf(batch), nextAfter(events));
    this.queue.add({ batch, events, receivedAt }, events.length);
    return true;
  }

  /** Resolves once the lane's queue is applied (before a batch is applied in chunks, ordered after it); false if revoked. */
  idle(control: BatchControl): Promise<boolean> {
    return whileAlive(this.queue.idle(), control);
  }

  /**
   * What the queue took, in one transaction with every partition's checkpoint. When that fails, each batch is
   * applied in chunks, in order, which retries, parks or follows a moved checkpoint as the failure calls for. A
   * failure even that cannot handle drops what the lane has queued and sends the consumer back to read it again,
   * where it meets the failure again inside a handler and kafkajs restarts the consumer. Never throws.
   */
  private async applyQueued(members: readonly QueuedBatch[]): Promise<void> {
    const work = {
      events: members.flatMap((m) => m.events),
      advances: advancesOf(members).map((a) => ({ ...a, noneParked: this.parkedIn.isClean(slotOf(a)) })),
    };
    const started = process.hrtime.bigint();
    this.telemetry.dequeued(members, Date.now());
    // A batch queued before its partition's first park: its events of a parked key must be parked behind it.
    const clean = members.every((m) => this.parkedIn.isClean(slotOf(m.batch)));
    let result = null;
    try {
      if (clean) result = await this.transactions.applyQueued(work);
    } catch {
      // Sorted out batch by batch below.
    }
    if (result) {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.sizer.record(work.events.length, seconds * 1000);
      this.committed(work.events.length, result, seconds);
      this.telemetry.visible(members, Date.now());
      for (const { batch, events } of members)
        this.telemetry.lag(batch, nextAfter(events), events.at(-1)!.event);
      return;
    }
    for (const [i, member] of members.entries()) {
      try {
        await this.reapplyInChunks(member);
      } catch (error) {
        this.readAgain([...members.slice(i), ...this.queue.clear()], error);
        return;
      }
    }
  }

  /** A queued batch applied in chunks, outside the handler that fetched it. */
  private reapplyInChunks({ batch, events }: QueuedBatch): Promise<void> {
    const byOffset = new Map(events.map((e) => [e.offset, e.event]));
    const pending = batch.records.filter((r) => byOffset.has(r.offset));
    const generation = this.positions.generation;
    let sought = false;
    const control: BatchControl = {
      seek: (offset) => {
        sought = true;
        this.options.seek(batch.topic, batch.partition, BigInt(offset));
      },
      // The handlers go on fetching, which keeps the session alive.
      heartbeat: () => Promise.resolve(),
      isActive: () => !sought && generation === this.positions.generation && !this.options.stopping(),
    };
    const decode: DecodeRecord = (record) => Promise.resolve({ record, event: byOffset.get(record.offset)! });
    return this.applyInChunks(
      batch,
      { from: BigInt(events[0]!.offset), pending, stopsShort: false },
      control,
      decode,
    );
  }

  /** Nothing from `failed` on is applied: the consumer reads each partition again from its first such batch. */
  private readAgain(failed: readonly QueuedBatch[], error: unknown): void {
    this.telemetry.rereading(error);
    this.forgetAssignment();
    if (this.options.stopping()) return;
    for (const { batch, events } of firstOfEachPartition(failed))
      this.options.seek(batch.topic, batch.partition, BigInt(events[0]!.offset));
  }

  /** Resolves once the lane's queue is applied and no analyze is under way: before its pool is closed. */
  async settled(): Promise<void> {
    await this.queue.idle();
    await this.statistics.settled();
  }

  /**
   * A batch in chunks of the current size, each in its own transaction: take a chunk, apply it, record where the
   * partition got to. A checkpoint moved by someone else is followed.
   */
  async applyInChunks(
    batch: RecordBatch,
    plan: {
      readonly from: bigint;
      readonly pending: readonly IncomingRecord[];
      readonly stopsShort: boolean;
    },
    control: BatchControl,
    decode: DecodeRecord,
  ): Promise<void> {
    let next = plan.from;
    let pending = plan.pending;
    for (let i = 0; i < pending.length && control.isActive() && !this.options.stopping();) {
      const chunk = pending.slice(i, i + this.sizer.size);
      try {
        await this.chunks.apply(batch, chunk, control, decode);
      } catch (error) {
        if (!(error instanceof CheckpointMovedError)) throw error;
        // Someone else moved this partition's checkpoint (a rebuild swapped in, a reset, the previous owner during a
        // rebalance), and may have parked events of it on the way: resume from there, asking again what is parked.
        this.positions.set(slotOf(batch), error.checkpoint);
        this.parkedIn.forget(slotOf(batch));
        if (error.checkpoint < BigInt(chunk[0]!.offset)) {
          control.seek(String(error.checkpoint));
          return;
        }
        pending = pending.filter((r) => BigInt(r.offset) >= error.checkpoint);
        next = error.checkpoint;
        i = 0;
        continue;
      }
      i += chunk.length;
      next = nextAfter(chunk);
      await control.heartbeat();
    }
    if (plan.stopsShort && control.isActive() && !this.options.stopping()) {
      // Fetch the records at the stop again once it may have risen; the pause keeps this from spinning.
      await sleep(100);
      control.seek(String(next));
    }
  }

  /** A chunk's transaction committed: size the next one, count it, and move the partition's position past it. */
  private chunkApplied({ batch, chunk, events, result, seconds }: AppliedChunk): void {
    this.sizer.record(chunk.length, seconds * 1000);
    this.committed(events.length, result, seconds);
    const next = nextAfter(chunk);
    this.positions.raiseTo(slotOf(batch), next);
    this.telemetry.lag(batch, next, events.at(-1)?.event);
  }

  private committed(events: number, result: { applied: number; duplicates: number }, seconds: number): void {
    this.telemetry.committed(events, result, seconds);
    this.statistics.applied(events);
  }

  private async loadCheckpoint(topic: string, partition: number): Promise<bigint> {
    const next = await this.transactions.readCheckpoint(topic, partition);
    this.positions.set(slotOf({ topic, partition }), next);
    return next;
  }
}
