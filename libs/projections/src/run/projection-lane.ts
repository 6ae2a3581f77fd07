import { inTransaction, SqlExecutor, sqlLiteral } from '@shopstream/database';
import { DataSource } from 'typeorm';
import { ShopstreamEvent } from '@shopstream/events';
import { BatchControl, IncomingRecord, RecordBatch } from '@shopstream/kafka';
import { applyBatch, CheckpointAdvance, CheckpointMovedError } from '../apply/apply-batch';
import { applyInFewTrips } from '../apply/apply-in-few-trips';
import {
  deadLetterLockKey,
  openKeys,
  park,
  ParkedRecord,
  partitionHasParked,
} from '../dead-letters/dead-letter-store';
import { ProjectedEvent, Projection } from '../definition/projection';
import { ProjectionMetrics } from '../metrics/projection-metrics';
import { ProjectionDefinitionError, ProjectionInvariantError } from '../projections.errors';
import { RUN_MODE_SETTING, RunMode } from '../rebuild/run-mode';
import { ensureProjectionTables, projectionTableNames, quoteIdent } from '../storage/projection-tables';
import { BatchSizer } from './batch-sizer';
import { classifyFailure, failureMessage } from './error-classification';
import { LaneQueue } from './lane-queue';
import { LogGaps } from './log-gaps';
import { holdsNul, withoutNul } from './nul-in-text';
import { ParkedPartitions } from './parked-partitions';
import { Decoded, projected, sortOut } from './sort-out';
import { StatisticsSchedule } from './statistics-schedule';

export interface RunnerInstance {
  /** Name under which checkpoints and dead letters are kept. */
  readonly name: string;
  readonly schema: string;
  readonly groupId: string;
  /** Topics to read, e.g. test copies of the real ones. */
  readonly topics: readonly string[];
}

export interface LaneOptions {
  readonly projection: Projection;
  readonly instance: RunnerInstance;
  readonly dataSource: DataSource;
  readonly metrics: ProjectionMetrics;
  readonly mode: RunMode;
  readonly maxBatchEvents: number;
  readonly createIndexes: boolean;
  readonly stopBefore?: (topic: string, partition: number) => bigint | undefined;
  readonly stopping: () => boolean;
  /** Where a lane reports what an operator must act on. */
  readonly log?: (line: string) => void;
  /** Moves the consumer's next fetch of a partition, for work that failed after its handler returned. */
  readonly seek: (topic: string, partition: number, offset: bigint) => void;
}

/** What a lane does with a fetched batch: go back to an earlier offset, or apply `pending` (from `from` on). */
export type LanePlan =
  | { readonly seek: bigint }
  | { readonly from: bigint; readonly pending: readonly IncomingRecord[]; readonly held: boolean };

/** What one of a lane's transactions applies: events of one or more partitions, and where each partition ends up. */
export interface LaneWork {
  readonly events: ProjectedEvent<ShopstreamEvent>[];
  readonly advances: CheckpointAdvance[];
}

export type DecodeRecord = (record: IncomingRecord) => Promise<Decoded>;

/** A fetched partition's batch, decoded, waiting in a lane's queue. */
interface QueuedBatch {
  readonly batch: RecordBatch;
  readonly events: ProjectedEvent<ShopstreamEvent>[];
}

/** The key of a partition in a lane's maps. */
const slotOf = ({ topic, partition }: { topic: string; partition: number }) => `${topic}/${partition}`;

/** The offset after the last of a batch's events: where its partition stands once they are applied. */
const nextAfter = (events: readonly ProjectedEvent<unknown>[]) => BigInt(events.at(-1)!.offset) + 1n;

/** How long a partition the log has a gap in waits before it reads its checkpoint and asks Kafka again. */
const GAP_RETRY_MS = 2_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const eventIdOf = (event: ShopstreamEvent): string | undefined =>
  'metadata' in event ? event.metadata.eventId : undefined;

/**
 * The statistics target of a lane's own ANALYZE: 3,000 sampled rows instead of the default 30,000. The lane analyzes
 * only so that the planner knows a table's size and picks its indexes (see StatisticsSchedule); a small sample tells
 * it that at about a tenth of the cost (14 vs 113-153 ms on a 330,000-row table here), where the full one took a
 * core for 350-480 ms in the middle of the latency benchmark. Autovacuum, where it runs, keeps detailed statistics.
 */
const ANALYZE_SAMPLE_TARGET = 10;

/**
 * One projection's side of a runner: where it stands in each partition (from its checkpoints, which say where to
 * resume, not Kafka's committed offsets), what it has parked, its queue of fetched batches applied at its own pace,
 * and how it applies a batch on its own when a batch cannot be queued: big (catching up), behind a parked key, or
 * holding a poison record.
 */
export class ProjectionLane {
  readonly sizer: BatchSizer;
  /**
   * Next offset to apply per topic/partition, queued work included; read from the checkpoint table once the queue
   * is idle, and cleared on every rebalance.
   */
  private readonly positions = new Map<string, bigint>();
  /** Counts rebalances: work started before one stops, since its partition may be another member's now. */
  private generation = 0;
  private readonly logGaps = new LogGaps();
  /** Whether a partition may have parked events (its later events of those keys must be parked behind them). */
  private readonly parkedIn = new ParkedPartitions();

  /** Off once the projection read what a deferred write returned: the careful path serves it from then on. */
  private fewTrips = true;

  private readonly statistics = new StatisticsSchedule();
  private analyzing: Promise<void> | undefined;

  private readonly queue: LaneQueue<QueuedBatch>;

  constructor(readonly options: LaneOptions) {
    this.sizer = new BatchSizer(50, options.maxBatchEvents);
    this.queue = new LaneQueue<QueuedBatch>(
      (members) => this.applyQueued(members),
      () => this.sizer.size,
      options.projection.batchWindowMs ?? 0,
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

  async ensureTables(): Promise<void> {
    await inTransaction(this.options.dataSource, (sql) =>
      ensureProjectionTables(sql, this.projection, {
        schema: this.options.instance.schema,
        withIndexes: this.options.createIndexes,
      }),
    );
  }

  forgetAssignment(): void {
    this.generation++;
    this.positions.clear();
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
    } else if (first && this.logGaps.closed(slot)) this.gapMetric(batch).set(0);
    let pending = batch.records.filter((r) => BigInt(r.offset) >= from);
    const limit = this.options.stopBefore?.(batch.topic, batch.partition);
    const held = limit === undefined ? -1 : pending.findIndex((r) => BigInt(r.offset) >= limit);
    if (held >= 0) pending = pending.slice(0, held);
    return { from, pending, held: held >= 0 };
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
    this.gapMetric(batch).set(Number(logStart - checkpoint));
    if (firstReport)
      this.options.log?.(
        `${this.name}: PROJECTION_LOG_GAP ${batch.topic}/${batch.partition} starts at ${logStart}, above the ` +
          `checkpoint ${checkpoint}: ${logStart - checkpoint} events are no longer in the log (retention, or a ` +
          'recreated topic), and the partition waits. Rebuild a read model (`shopstream projections rebuild <name>`); ' +
          'for the processor, see "A gap in the log" in docs/operations.md',
      );
    await sleep(GAP_RETRY_MS);
    await control.heartbeat();
    this.positions.delete(slotOf(batch));
    return { seek: checkpoint };
  }

  private gapMetric(batch: RecordBatch) {
    return this.options.metrics.logGapEvents.labels({
      projection: this.name,
      topic: batch.topic,
      partition: String(batch.partition),
    });
  }

  /**
   * The decoded events of a batch that may share a transaction with the rest of its fetch, or null when it must
   * go alone: bigger than a transaction should be, possibly behind a parked key, or a record that does not decode.
   */
  async groupable(
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
      return null; // the registry unreachable: the lone path retries with backoff
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
  ): Promise<boolean> {
    while (!this.queue.hasRoom(events.length)) {
      if (!(await this.whileAlive(this.queue.nextTake(), control))) return false;
    }
    if (!control.isActive() || this.options.stopping()) return false;
    this.positions.set(slotOf(batch), nextAfter(events));
    this.queue.add({ batch, events }, events.length);
    return true;
  }

  /** Resolves once the lane's queue is applied (before a batch goes alone, ordered after it); false if revoked. */
  idle(control: BatchControl): Promise<boolean> {
    return this.whileAlive(this.queue.idle(), control);
  }

  /** Waits for `done`, keeping the consumer's session alive; false once the batch's partition is no longer ours. */
  private async whileAlive(done: Promise<unknown>, control: BatchControl): Promise<boolean> {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        done.then(() => true),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 1_000))),
      ]);
      clearTimeout(timer);
      if (finished) return true;
      if (!control.isActive()) return false;
      await control.heartbeat();
    }
  }

  /**
   * What the queue took, in one transaction with every partition's checkpoint. When that fails, each batch goes the
   * careful way in order, which retries, parks or follows a moved checkpoint as the failure calls for. A failure
   * even that cannot handle drops what the lane has queued and sends the consumer back to re-read it, where the
   * lone path meets it again inside a handler and kafkajs restarts the consumer. Never throws.
   */
  private async applyQueued(members: readonly QueuedBatch[]): Promise<void> {
    const work: LaneWork = {
      events: members.flatMap((m) => m.events),
      advances: advancesOf(members).map((a) => ({ ...a, noneParked: this.parkedIn.isClean(slotOf(a)) })),
    };
    const started = process.hrtime.bigint();
    let result: { applied: number; duplicates: number } | null = null;
    // A batch queued before its partition's first park: its events of a parked key must be parked behind it.
    const clean = members.every((m) => this.parkedIn.isClean(slotOf(m.batch)));
    try {
      if (clean)
        result =
          (await this.tryInFewTrips(work)) ??
          (await inTransaction(this.options.dataSource, (sql) => this.applyShare(sql, work), this.opening()));
    } catch {
      // Sorted out batch by batch below.
    }
    if (result) {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.sizer.record(work.events.length, seconds * 1000);
      this.committed(work, result, seconds);
      for (const { batch, events } of members) this.reportLag(batch, nextAfter(events), events.at(-1)!.event);
      return;
    }
    for (const [i, member] of members.entries()) {
      try {
        await this.applyCarefully(member);
      } catch (error) {
        this.derail([...members.slice(i), ...this.queue.clear()], error);
        return;
      }
    }
  }

  /** One queued batch through the lone path, outside the handler that fetched it. */
  private applyCarefully({ batch, events }: QueuedBatch): Promise<void> {
    const byOffset = new Map(events.map((e) => [e.offset, e.event]));
    const pending = batch.records.filter((r) => byOffset.has(r.offset));
    const generation = this.generation;
    let sought = false;
    const control: BatchControl = {
      seek: (offset) => {
        sought = true;
        this.options.seek(batch.topic, batch.partition, BigInt(offset));
      },
      // The handlers go on fetching, which keeps the session alive.
      heartbeat: () => Promise.resolve(),
      isActive: () => !sought && generation === this.generation && !this.options.stopping(),
    };
    const decode: DecodeRecord = (record) => Promise.resolve({ record, event: byOffset.get(record.offset)! });
    return this.applyAlone(batch, { from: BigInt(events[0]!.offset), pending, held: false }, control, decode);
  }

  /** Nothing after `failed` is applied; the consumer reads it all again from the first batch of each partition. */
  private derail(failed: readonly QueuedBatch[], error: unknown): void {
    process.stderr.write(
      `[projector] ${this.name}: ${failureMessage(error)}; reading its partitions again from where it stopped\n`,
    );
    this.forgetAssignment();
    const first = new Map<string, QueuedBatch>();
    for (const m of failed) if (!first.has(slotOf(m.batch))) first.set(slotOf(m.batch), m);
    if (this.options.stopping()) return;
    for (const { batch, events } of first.values())
      this.options.seek(batch.topic, batch.partition, BigInt(events[0]!.offset));
  }

  /**
   * The usual case in as few round trips as it takes; null when the batch held a surprise (an event id seen before,
   * a moved checkpoint, a failure) and must be applied the careful way, which sorts each case out.
   */
  private async tryInFewTrips(work: LaneWork): Promise<{ applied: number; duplicates: number } | null> {
    if (!this.fewTrips) return null;
    try {
      return await applyInFewTrips(
        this.options.dataSource,
        this.projection,
        work.events,
        { projectionName: this.name, projectionVersion: this.projection.version, advances: work.advances },
        this.opening(),
      );
    } catch (error) {
      if (error instanceof ProjectionDefinitionError) {
        this.fewTrips = false;
        process.stderr.write(`[projector] ${this.name}: ${error.message}\n`);
      }
      return null;
    }
  }

  private applyShare(sql: SqlExecutor, work: LaneWork): Promise<{ applied: number; duplicates: number }> {
    return applyBatch(sql, this.projection, work.events, {
      projectionName: this.name,
      projectionVersion: this.projection.version,
      advances: work.advances,
    });
  }

  private committed(work: LaneWork, result: { applied: number; duplicates: number }, seconds: number): void {
    const { metrics } = this.options;
    metrics.events.inc({ projection: this.name }, result.applied);
    metrics.duplicates.inc({ projection: this.name }, result.duplicates);
    metrics.batchSize.observe({ projection: this.name }, work.events.length);
    metrics.applySeconds.observe({ projection: this.name }, seconds);
    if (this.statistics.record(work.events.length)) this.analyze();
  }

  /**
   * Beside the lane's transactions (ANALYZE blocks no writes), on a small sample (ANALYZE_SAMPLE_TARGET); a failure
   * is reported, never fatal.
   */
  private analyze(): void {
    if (this.analyzing) return;
    const { schema } = this.options.instance;
    const tables = projectionTableNames(this.projection)
      .map((table) => `${quoteIdent(schema)}.${quoteIdent(table)}`)
      .join(', ');
    this.analyzing = inTransaction(
      this.options.dataSource,
      (sql) => sql.query(`analyze ${tables}`),
      `set local default_statistics_target = ${ANALYZE_SAMPLE_TARGET}`,
    )
      .then(
        () => undefined,
        (error: unknown) => {
          if (!this.options.stopping())
            process.stderr.write(
              `[projector] ${this.name}: analyze failed: ${failureMessage(error)}; its queries keep their ` +
                'current plans until the next analyze, after twice as many events (check that the role may analyze ' +
                'the tables of its schema)\n',
            );
        },
      )
      .finally(() => (this.analyzing = undefined));
  }

  /** Resolves once the lane's queue is applied and no analyze is under way: before its pool is closed. */
  async settled(): Promise<void> {
    await this.queue.idle();
    await this.analyzing;
  }

  /** Where a partition now stands (never behind what is queued), and how far behind its log end that is. */
  private advanced(batch: RecordBatch, next: bigint, lastEvent: ShopstreamEvent | undefined): void {
    const slot = slotOf(batch);
    const queued = this.positions.get(slot);
    if (queued === undefined || queued < next) this.positions.set(slot, next);
    this.reportLag(batch, next, lastEvent);
  }

  /** How far behind its log end a partition is, once `next` is applied. */
  private reportLag(batch: RecordBatch, next: bigint, lastEvent: ShopstreamEvent | undefined): void {
    const { metrics } = this.options;
    const labels = { projection: this.name, topic: batch.topic, partition: String(batch.partition) };
    const lag = BigInt(batch.highWatermark) - next;
    metrics.lagEvents.set(labels, Number(lag > 0n ? lag : 0n));
    const occurredAt = lastEvent && 'metadata' in lastEvent ? lastEvent.metadata.occurredAt : undefined;
    metrics.lagSeconds.set(
      labels,
      lag > 0n && occurredAt !== undefined ? Math.max(0, (Date.now() - occurredAt) / 1000) : 0,
    );
  }

  /**
   * Goes out with a transaction's BEGIN, in the same round trip: shares the lane's dead-letter lock (a redrive or a
   * swap takes it exclusively), points unqualified table names at its schema, says what the run is for, and lets a
   * log-derived projection commit without waiting for its WAL flush.
   */
  private opening(): string {
    const lock = deadLetterLockKey(this.name, this.projection.version);
    const searchPath = `${quoteIdent(this.options.instance.schema)}, public`;
    const commit = this.projection.durability === 'log-derived' ? 'off' : 'on';
    return `select pg_advisory_xact_lock_shared(hashtext(${sqlLiteral(lock)})),
      set_config('search_path', ${sqlLiteral(searchPath)}, true),
      set_config(${sqlLiteral(RUN_MODE_SETTING)}, ${sqlLiteral(this.options.mode)}, true),
      set_config('synchronous_commit', ${sqlLiteral(commit)}, true)`;
  }

  /** A batch on its own, in chunks of the current size, each in its own transaction. */
  async applyAlone(
    batch: RecordBatch,
    plan: { readonly from: bigint; readonly pending: readonly IncomingRecord[]; readonly held: boolean },
    control: BatchControl,
    decode: DecodeRecord,
  ): Promise<void> {
    let next = plan.from;
    let pending = plan.pending;
    for (let i = 0; i < pending.length && control.isActive() && !this.options.stopping();) {
      const chunk = pending.slice(i, i + this.sizer.size);
      try {
        await this.applyWithRetry(batch, chunk, control, decode);
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
      next = BigInt(chunk[chunk.length - 1]!.offset) + 1n;
      await control.heartbeat();
    }
    if (plan.held && control.isActive() && !this.options.stopping()) {
      // Fetch the held records again once the limit may have risen; the pause keeps this from spinning.
      await sleep(100);
      control.seek(String(next));
    }
  }

  /** Transient failures (PostgreSQL or the registry unreachable, deadlocks) retry with backoff, never skipping. */
  private async applyWithRetry(
    batch: RecordBatch,
    chunk: readonly IncomingRecord[],
    control: BatchControl,
    decode: DecodeRecord,
  ): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.applyChunk(batch, chunk, new Map(), control, decode);
        return;
      } catch (error) {
        if (classifyFailure(error) !== 'transient' || this.options.stopping()) throw error;
        this.options.metrics.retries.inc({ projection: this.name });
        const delay = Math.min(30_000, 200 * 2 ** Math.min(attempt, 8));
        process.stderr.write(`[projector] ${this.name}: ${failureMessage(error)}; retrying in ${delay} ms\n`);
        await sleep(delay);
        if (!control.isActive()) throw error;
        await control.heartbeat();
      }
    }
  }

  /**
   * One transaction: park poison records (and every later record of a key that has one parked, so an aggregate's
   * order holds), apply the rest, move the checkpoint. An invariant error names its event: park it and try again.
   * Any other error of unknown origin in a multi-record chunk: retry record by record to find the culprit.
   * A chunk of a partition with nothing parked, every record decoded, first goes the way queued work does (in few
   * round trips); if that fails for any reason, it comes here, where each case is told apart. Catching up from far
   * behind, most events arrive in such chunks.
   */
  private async applyChunk(
    batch: RecordBatch,
    chunk: readonly IncomingRecord[],
    poison: Map<string, unknown>,
    control: BatchControl,
    decode: DecodeRecord,
  ): Promise<void> {
    const { projection, dataSource, metrics } = this.options;
    const decoded = await Promise.all(chunk.map(decode));
    for (const d of decoded) if ('error' in d) poison.set(d.record.offset, d.error);
    const last = chunk[chunk.length - 1]!;
    const started = process.hrtime.bigint();
    let toApply: ProjectedEvent<ShopstreamEvent>[] = [];
    let parked: ParkedRecord[] = [];
    const work: LaneWork = {
      events: [],
      advances: [
        {
          topic: batch.topic,
          partition: batch.partition,
          fromOffset: chunk[0]!.offset,
          nextOffset: String(BigInt(last.offset) + 1n),
          noneParked: this.parkedIn.isClean(slotOf(batch)),
        },
      ],
    };
    // No poison: every record decoded (a record that did not is poison from the start).
    if (poison.size === 0 && this.parkedIn.isClean(slotOf(batch))) {
      const clean = decoded.flatMap((d) => ('error' in d ? [] : [projected(d.record, d.event)]));
      const quick = await this.tryInFewTrips({ ...work, events: clean });
      if (quick) return this.chunkApplied(batch, chunk, { ...work, events: clean }, quick, started);
    }
    let result: { applied: number; duplicates: number };
    try {
      result = await inTransaction(
        dataSource,
        async (sql) => {
          const keys = [...new Set(chunk.map((r) => r.key).filter((k): k is string => k !== null))];
          const blocked = (await this.mayHaveParked(sql, batch))
            ? await openKeys(sql, this.name, projection.version, batch.topic, keys)
            : new Set<string>();
          ({ toApply, parked } = sortOut(decoded, poison, blocked));
          const applied = await this.applyShare(sql, { ...work, events: toApply });
          await park(sql, this.name, projection.version, parked);
          if (parked.length > 0) this.parkedIn.parked(slotOf(batch));
          return applied;
        },
        this.opening(),
      );
    } catch (error) {
      if (error instanceof CheckpointMovedError || classifyFailure(error) === 'transient') throw error;
      const culprit =
        error instanceof ProjectionInvariantError
          ? toApply.find((e) => eventIdOf(e.event) === error.eventId)
          : undefined;
      if (culprit) {
        poison.set(culprit.offset, error);
        return this.applyChunk(batch, chunk, poison, control, decode);
      }
      if (chunk.length > 1) {
        // Each record in its own transaction, with the same retry of transient failures as a whole chunk.
        for (const record of chunk) await this.applyWithRetry(batch, [record], control, decode);
        return;
      }
      // A NUL fails the same way on every try and would park its key for good: apply it replaced (nul-in-text.ts).
      const [alone] = decoded;
      if (alone && 'event' in alone && !poison.has(last.offset) && holdsNul(alone.event)) {
        const repaired: Decoded = { record: alone.record, event: withoutNul(alone.event) };
        metrics.nulReplaced.inc({ projection: this.name });
        return this.applyChunk(batch, chunk, poison, control, () => Promise.resolve(repaired));
      }
      // Parking itself failed: nothing more this process can do safely; kafkajs restarts the consumer.
      if (poison.has(last.offset)) throw error;
      poison.set(last.offset, error);
      return this.applyChunk(batch, chunk, poison, control, decode);
    }
    this.chunkApplied(batch, chunk, { ...work, events: toApply }, result, started);
    for (const p of parked) metrics.deadLetters.inc({ projection: this.name, code: p.errorCode });
    for (const p of parked) {
      process.stderr.write(
        `[projector] ${this.name}: parked ${p.topic}/${p.partition}@${p.offset} key ${p.key}: ${p.errorCode} ${p.message}\n`,
      );
    }
  }

  /** A chunk's transaction committed: size the next one, count it, and move the partition's position past it. */
  private chunkApplied(
    batch: RecordBatch,
    chunk: readonly IncomingRecord[],
    work: LaneWork,
    result: { applied: number; duplicates: number },
    started: bigint,
  ): void {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.sizer.record(chunk.length, seconds * 1000);
    this.committed(work, result, seconds);
    this.advanced(batch, BigInt(chunk.at(-1)!.offset) + 1n, work.events.at(-1)?.event);
  }

  /** Saves the open-keys query for the usual partition that has nothing parked: one round trip per batch less. */
  private mayHaveParked(sql: SqlExecutor, batch: RecordBatch): Promise<boolean> {
    return this.parkedIn.mayHave(slotOf(batch), async () => {
      const [row] = await sql.query<{ parked: boolean }>(
        `select ${partitionHasParked('$1', '$2', '$3', '$4')} as parked`,
        [this.name, this.projection.version, batch.topic, batch.partition],
      );
      return row?.parked === true;
    });
  }

  private async loadCheckpoint(topic: string, partition: number): Promise<bigint> {
    const rows: { next_offset: string }[] = await this.options.dataSource.query(
      'select next_offset from projection_checkpoints where projection = $1 and version = $2 and topic = $3 and partition = $4',
      [this.name, this.projection.version, topic, partition],
    );
    const next = rows[0] ? BigInt(rows[0].next_offset) : 0n;
    this.positions.set(slotOf({ topic, partition }), next);
    return next;
  }
}

/** Where each partition of the queued batches starts and ends up: two batches of one partition are one advance. */
function advancesOf(members: readonly QueuedBatch[]): CheckpointAdvance[] {
  const bySlot = new Map<string, CheckpointAdvance>();
  for (const { batch, events } of members) {
    const slot = slotOf(batch);
    const nextOffset = String(nextAfter(events));
    const earlier = bySlot.get(slot);
    bySlot.set(
      slot,
      earlier
        ? { ...earlier, nextOffset }
        : { topic: batch.topic, partition: batch.partition, fromOffset: events[0]!.offset, nextOffset },
    );
  }
  return [...bySlot.values()];
}
