import pLimit from 'p-limit';
import { DataSource } from 'typeorm';
import { EventCodec, ShopstreamEvent, TOPIC_OF_EVENT } from '@shopstream/events';
import { BatchConsumer, BatchControl, IncomingRecord, RecordBatch } from '@shopstream/kafka';
import { applyBatch, CheckpointMovedError } from '../apply/apply-batch';
import { deadLetterLockKey, openKeys, park, ParkedRecord } from '../dead-letters/dead-letter-store';
import {
  ProjectedEvent,
  Projection,
  projectionGroup,
  projectionSchema,
  SqlExecutor,
} from '../definition/projection';
import { ProjectionMetrics } from '../metrics/projection-metrics';
import { ProjectionInvariantError } from '../projections.errors';
import { RUN_MODE_SETTING, RunMode } from '../rebuild/run-mode';
import { ensureProjectionTables, quoteIdent } from '../storage/projection-tables';
import { inTransaction, sqlLiteral } from '../storage/transaction';
import { BatchSizer } from './batch-sizer';
import { CommitGroup } from './commit-group';
import { classifyFailure, failureCode, failureMessage } from './error-classification';

export interface ProjectionRunnerOptions {
  readonly projection: Projection;
  readonly dataSource: DataSource;
  readonly codec: EventCodec<ShopstreamEvent>;
  readonly brokers: readonly string[];
  readonly metrics: ProjectionMetrics;
  /**
   * Where this run keeps its state. Defaults derive from name + version; a rebuild, a replay or a test passes its
   * own, so its tables, checkpoints, dead letters and consumer group never touch the live ones.
   */
  readonly instance?: Partial<RunnerInstance>;
  readonly clientId?: string;
  readonly maxBatchEvents?: number;
  /** What this run is for; apply reads it with currentRunMode(sql) to keep side effects to 'live'. */
  readonly mode?: RunMode;
  /** False for a rebuild's bulk load: secondary indexes are created once, after it, which is much faster. */
  readonly createIndexes?: boolean;
  /**
   * Records at or after this offset are held back (not applied, checkpoint not moved) until it rises: a verify
   * keeps its scratch copy exactly at the live projection's positions this way.
   */
  readonly stopBefore?: (topic: string, partition: number) => bigint | undefined;
}

export interface RunnerInstance {
  /** Name under which checkpoints and dead letters are kept. */
  readonly name: string;
  readonly schema: string;
  readonly groupId: string;
  /** Topics to read, e.g. test copies of the real ones. */
  readonly topics: readonly string[];
}

type Decoded =
  { record: IncomingRecord; event: ShopstreamEvent } | { record: IncomingRecord; error: unknown };

/** A small batch waiting to be applied with the rest of its fetch. */
interface GroupMember {
  readonly batch: RecordBatch;
  readonly events: readonly ProjectedEvent<ShopstreamEvent>[];
}

const projected = (record: IncomingRecord, event: ShopstreamEvent): ProjectedEvent<ShopstreamEvent> => ({
  event,
  topic: record.topic,
  partition: record.partition,
  offset: record.offset,
  key: record.key,
});

/** Big batches (catching up) applied at once, each partition still in order: more would only queue for the pool. */
const ALONE_CONCURRENCY = 4;
/** kafkajs hands this many partitions over at once: every partition of a fetch, so they can share a commit. */
const PARTITIONS_AT_ONCE = 256;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs one projection: consumes its topics in a consumer group, decodes, and applies each chunk of a batch in ONE
 * PostgreSQL transaction with the checkpoint. The checkpoint, not Kafka's committed offset, says where to resume:
 * after every (re)assignment the runner reloads it and seeks there, so a redelivery after a rebalance or a crash
 * is skipped instead of applied twice.
 */
export class ProjectionRunner {
  private readonly instance: RunnerInstance;
  private readonly consumer: BatchConsumer;
  private readonly sizer: BatchSizer;
  /** Next offset to apply per topic/partition, from the checkpoint table; cleared on every rebalance. */
  private readonly positions = new Map<string, bigint>();
  private readonly soughtToStart = new Set<string>();
  /**
   * Whether a partition may have parked events (its later events of those keys must be parked behind them). Only
   * the partition's owner parks, so "none" stays true until this runner parks one; cleared on every rebalance.
   */
  private readonly parkedIn = new Map<string, boolean>();
  private stopping = false;
  private readonly group = new CommitGroup<GroupMember>(
    (members) => this.applyGroup(members),
    () => this.sizer.size,
  );
  private readonly aloneSlots = pLimit(ALONE_CONCURRENCY);

  constructor(private readonly options: ProjectionRunnerOptions) {
    const { projection } = options;
    this.instance = {
      name: projection.name,
      schema: projectionSchema(projection.name, projection.version),
      groupId: projectionGroup(projection.name, projection.version),
      topics: topicsOf(projection),
      ...options.instance,
    };
    this.sizer = new BatchSizer(50, options.maxBatchEvents ?? 20_000);
    this.consumer = new BatchConsumer({
      brokers: options.brokers,
      clientId: options.clientId ?? `shopstream-projector-${projection.name}`,
      groupId: this.instance.groupId,
      topics: this.instance.topics,
      fromBeginning: true,
      maxBytesPerPartition: 4 * 1_048_576,
      partitionsConsumedConcurrently: PARTITIONS_AT_ONCE,
      commitIntervalMs: 5_000,
      onAssigned: () => {
        this.positions.clear();
        this.parkedIn.clear();
      },
    });
  }

  get name(): string {
    return this.instance.name;
  }

  async start(): Promise<void> {
    await inTransaction(this.options.dataSource, (sql) =>
      ensureProjectionTables(sql, this.options.projection, {
        schema: this.instance.schema,
        withIndexes: this.options.createIndexes ?? true,
      }),
    );
    await this.consumer.start((batch, control) => this.handleBatch(batch, control));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer.stop();
  }

  private async handleBatch(batch: RecordBatch, control: BatchControl, inSlot = false): Promise<void> {
    const slot = `${batch.topic}/${batch.partition}`;
    let next = this.positions.get(slot) ?? (await this.loadCheckpoint(batch.topic, batch.partition));
    const first = batch.records[0];
    if (!first) return;
    if (BigInt(first.offset) > next) {
      // Kafka's committed offset is ahead of what PostgreSQL holds (a reset, or a commit without ours): go back.
      if (next === 0n && this.soughtToStart.has(slot))
        next = BigInt(first.offset); // retention removed the start
      else {
        this.soughtToStart.add(slot);
        control.seek(String(next));
        return;
      }
    }
    let pending = batch.records.filter((r) => BigInt(r.offset) >= next);
    const limit = this.options.stopBefore?.(batch.topic, batch.partition);
    const held = limit === undefined ? -1 : pending.findIndex((r) => BigInt(r.offset) >= limit);
    if (held >= 0) pending = pending.slice(0, held);
    if (held < 0 && (await this.appliedInGroup(batch, pending, control))) return;
    const alone = () => this.applyInChunks(batch, pending, control, next, held >= 0);
    // A recursive call already holds a slot: waiting for another could wait forever.
    await (inSlot ? alone() : this.aloneSlots(alone));
  }

  /**
   * The usual batch at the head of the log joins the other partitions' batches of the same fetch in one
   * transaction. False when it must go alone: bigger than a transaction should be, possibly behind a parked key,
   * a record that does not decode, or the group failed.
   */
  private async appliedInGroup(
    batch: RecordBatch,
    pending: readonly IncomingRecord[],
    control: BatchControl,
  ): Promise<boolean> {
    const last = pending.at(-1);
    const slot = `${batch.topic}/${batch.partition}`;
    if (!last || pending.length > this.sizer.size || this.parkedIn.get(slot) !== false) return false;
    const events: ProjectedEvent<ShopstreamEvent>[] = [];
    for (const d of await Promise.all(pending.map((record) => this.decode(record)))) {
      if ('error' in d) return false;
      events.push(projected(d.record, d.event));
    }
    if (!control.isActive() || this.stopping) return false;
    if (!(await this.group.join({ batch, events }, events.length))) return false;
    this.advanced(batch, BigInt(last.offset) + 1n, events.at(-1)?.event);
    await control.heartbeat();
    return true;
  }

  /** One transaction for the batches of many partitions; any failure sends each of them down the lone path. */
  private async applyGroup(members: readonly GroupMember[]): Promise<void> {
    const { projection, dataSource, metrics } = this.options;
    const started = process.hrtime.bigint();
    const events = members.flatMap((m) => m.events);
    const result = await inTransaction(
      dataSource,
      (sql) =>
        applyBatch(sql, projection, events, {
          projectionName: this.name,
          projectionVersion: projection.version,
          advances: members.map((m) => ({
            topic: m.batch.topic,
            partition: m.batch.partition,
            fromOffset: m.events[0]!.offset,
            nextOffset: String(BigInt(m.events.at(-1)!.offset) + 1n),
          })),
        }),
      this.opening(),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.sizer.record(events.length, seconds * 1000);
    metrics.events.inc({ projection: this.name }, result.applied);
    metrics.duplicates.inc({ projection: this.name }, result.duplicates);
    metrics.batchSize.observe({ projection: this.name }, events.length);
    metrics.applySeconds.observe({ projection: this.name }, seconds);
  }

  /** A batch on its own, in chunks of the current size, each in its own transaction. */
  private async applyInChunks(
    batch: RecordBatch,
    pending: readonly IncomingRecord[],
    control: BatchControl,
    from: bigint,
    held: boolean,
  ): Promise<void> {
    const slot = `${batch.topic}/${batch.partition}`;
    let next = from;
    for (let i = 0; i < pending.length && control.isActive() && !this.stopping;) {
      const chunk = pending.slice(i, i + this.sizer.size);
      try {
        await this.applyWithRetry(batch, chunk, control);
      } catch (error) {
        if (!(error instanceof CheckpointMovedError)) throw error;
        // Someone else moved this partition's checkpoint (a rebuild swapped in, a reset): resume from there.
        this.positions.set(slot, error.checkpoint);
        if (error.checkpoint < BigInt(chunk[0]!.offset)) control.seek(String(error.checkpoint));
        else await this.handleBatch(batch, control, true);
        return;
      }
      i += chunk.length;
      next = BigInt(chunk[chunk.length - 1]!.offset) + 1n;
      await control.heartbeat();
    }
    if (held && control.isActive() && !this.stopping) {
      // Fetch the held records again once the limit may have risen; the pause keeps this from spinning.
      await sleep(100);
      control.seek(String(next));
    }
  }

  /** Where a partition now stands, and how far behind its log end that is. */
  private advanced(batch: RecordBatch, next: bigint, lastEvent: ShopstreamEvent | undefined): void {
    this.positions.set(`${batch.topic}/${batch.partition}`, next);
    const lag = BigInt(batch.highWatermark) - next;
    this.options.metrics.lagEvents.set(this.labels(batch), Number(lag > 0n ? lag : 0n));
    const occurredAt = lastEvent && 'metadata' in lastEvent ? lastEvent.metadata.occurredAt : undefined;
    this.options.metrics.lagSeconds.set(
      this.labels(batch),
      lag > 0n && occurredAt !== undefined ? Math.max(0, (Date.now() - occurredAt) / 1000) : 0,
    );
  }

  /** Transient failures (PostgreSQL or the registry unreachable, deadlocks) retry with backoff, never skipping. */
  private async applyWithRetry(
    batch: RecordBatch,
    chunk: readonly IncomingRecord[],
    control: BatchControl,
  ): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.applyChunk(batch, chunk, new Map(), control);
        return;
      } catch (error) {
        if (classifyFailure(error) !== 'transient' || this.stopping) throw error;
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
   */
  private async applyChunk(
    batch: RecordBatch,
    chunk: readonly IncomingRecord[],
    poison: Map<string, unknown>,
    control: BatchControl,
  ): Promise<void> {
    const { projection, dataSource, metrics } = this.options;
    const decoded = await Promise.all(chunk.map((record) => this.decode(record)));
    for (const d of decoded) if ('error' in d) poison.set(d.record.offset, d.error);
    const last = chunk[chunk.length - 1]!;
    const started = process.hrtime.bigint();
    let toApply: ProjectedEvent<ShopstreamEvent>[] = [];
    let parked: ParkedRecord[] = [];
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
          const applied = await applyBatch(sql, projection, toApply, {
            projectionName: this.name,
            projectionVersion: projection.version,
            advances: [
              {
                topic: batch.topic,
                partition: batch.partition,
                fromOffset: chunk[0]!.offset,
                nextOffset: String(BigInt(last.offset) + 1n),
              },
            ],
          });
          await park(sql, this.name, projection.version, parked);
          if (parked.length > 0) this.parkedIn.set(`${batch.topic}/${batch.partition}`, true);
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
        return this.applyChunk(batch, chunk, poison, control);
      }
      if (chunk.length > 1) {
        // Each record in its own transaction, with the same retry of transient failures as a whole chunk.
        for (const record of chunk) await this.applyWithRetry(batch, [record], control);
        return;
      }
      // Parking itself failed: nothing more this process can do safely; kafkajs restarts the consumer.
      if (poison.has(last.offset)) throw error;
      poison.set(last.offset, error);
      return this.applyChunk(batch, chunk, poison, control);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.sizer.record(chunk.length, seconds * 1000);
    metrics.events.inc({ projection: this.name }, result.applied);
    metrics.duplicates.inc({ projection: this.name }, result.duplicates);
    metrics.batchSize.observe({ projection: this.name }, chunk.length);
    metrics.applySeconds.observe({ projection: this.name }, seconds);
    for (const p of parked) metrics.deadLetters.inc({ projection: this.name, code: p.errorCode });
    for (const p of parked) {
      process.stderr.write(
        `[projector] ${this.name}: parked ${p.topic}/${p.partition}@${p.offset} key ${p.key}: ${p.errorCode} ${p.message}\n`,
      );
    }
    this.advanced(batch, BigInt(last.offset) + 1n, toApply.at(-1)?.event);
  }

  /**
   * Goes out with the batch's BEGIN, in the same round trip: shares the dead-letter lock with other batches (a
   * redrive or a swap takes it exclusively), points unqualified table names at this instance's schema, says what
   * the run is for, and lets a log-derived projection commit without waiting for its WAL flush.
   */
  private opening(): string {
    const { projection } = this.options;
    return `select pg_advisory_xact_lock_shared(hashtext(${sqlLiteral(deadLetterLockKey(this.name, projection.version))})),
      set_config('search_path', ${sqlLiteral(`${quoteIdent(this.instance.schema)}, public`)}, true),
      set_config(${sqlLiteral(RUN_MODE_SETTING)}, ${sqlLiteral(this.options.mode ?? 'live')}, true),
      set_config('synchronous_commit', ${sqlLiteral(projection.durability === 'log-derived' ? 'off' : 'on')}, true)`;
  }

  /** Saves the open-keys query for the usual partition that has nothing parked: one round trip per batch less. */
  private async mayHaveParked(sql: SqlExecutor, batch: RecordBatch): Promise<boolean> {
    const slot = `${batch.topic}/${batch.partition}`;
    const known = this.parkedIn.get(slot);
    if (known !== undefined) return known;
    const [row] = await sql.query<{ parked: boolean }>(
      `select exists (select 1 from public.projection_dead_letters
         where projection = $1 and version = $2 and topic = $3 and partition = $4 and status = 'PARKED') as parked`,
      [this.name, this.options.projection.version, batch.topic, batch.partition],
    );
    const parked = row?.parked === true;
    this.parkedIn.set(slot, parked);
    return parked;
  }

  private async decode(record: IncomingRecord): Promise<Decoded> {
    try {
      return { record, event: await this.options.codec.decode(record.value) };
    } catch (error) {
      if (classifyFailure(error) === 'transient') throw error;
      return { record, error };
    }
  }

  private async loadCheckpoint(topic: string, partition: number): Promise<bigint> {
    const { projection, dataSource } = this.options;
    const rows: { next_offset: string }[] = await dataSource.query(
      'select next_offset from projection_checkpoints where projection = $1 and version = $2 and topic = $3 and partition = $4',
      [this.name, projection.version, topic, partition],
    );
    const next = rows[0] ? BigInt(rows[0].next_offset) : 0n;
    this.positions.set(`${topic}/${partition}`, next);
    return next;
  }

  private labels(batch: RecordBatch) {
    return { projection: this.name, topic: batch.topic, partition: String(batch.partition) };
  }
}

export function topicsOf(projection: Projection): string[] {
  return [...new Set(projection.events.map((type) => TOPIC_OF_EVENT[type]))].sort();
}

const eventIdOf = (event: ShopstreamEvent): string | undefined =>
  'metadata' in event ? event.metadata.eventId : undefined;

/** Splits decoded records into what to apply and what to park, keeping each key's order. */
function sortOut(
  decoded: readonly Decoded[],
  poison: ReadonlyMap<string, unknown>,
  blockedKeys: ReadonlySet<string>,
): { toApply: ProjectedEvent<ShopstreamEvent>[]; parked: ParkedRecord[] } {
  const blocked = new Set(blockedKeys);
  const toApply: ProjectedEvent<ShopstreamEvent>[] = [];
  const parked: ParkedRecord[] = [];
  for (const d of decoded) {
    const { record } = d;
    const failure = poison.get(record.offset);
    const behind = record.key !== null && blocked.has(record.key);
    if (failure !== undefined || behind || 'error' in d) {
      const cause = failure ?? ('error' in d ? d.error : undefined);
      parked.push({
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        key: record.key,
        value: record.value,
        errorCode: cause === undefined ? 'PARKED_BEHIND_KEY' : failureCode(cause),
        message:
          cause === undefined ? `an earlier event of key ${record.key} is parked` : failureMessage(cause),
      });
      if (record.key !== null) blocked.add(record.key);
      continue;
    }
    toApply.push(projected(record, d.event));
  }
  return { toApply, parked };
}
