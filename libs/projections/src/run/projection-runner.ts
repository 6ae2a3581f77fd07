import { DataSource } from 'typeorm';
import { EventCodec, ShopstreamEvent, TOPIC_OF_EVENT } from '@shopstream/events';
import { BatchConsumer, BatchControl, IncomingRecord, RecordBatch } from '@shopstream/kafka';
import { applyBatch } from '../apply/apply-batch';
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
import { ensureProjectionTables } from '../storage/projection-tables';
import { inTransaction } from '../storage/transaction';
import { BatchSizer } from './batch-sizer';
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
  /** Partitions applied at once (each in its own transactions, in order); 4 unless told otherwise. */
  readonly partitionsConsumedConcurrently?: number;
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

/** The checkpoint row no longer matches where this runner is; carries where to resume. */
class CheckpointMovedError extends Error {
  constructor(readonly checkpoint: bigint) {
    super(`checkpoint moved to ${checkpoint}`);
  }
}

type Decoded =
  { record: IncomingRecord; event: ShopstreamEvent } | { record: IncomingRecord; error: unknown };

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
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 4,
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

  private async handleBatch(batch: RecordBatch, control: BatchControl): Promise<void> {
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
    for (let i = 0; i < pending.length && control.isActive() && !this.stopping;) {
      const chunk = pending.slice(i, i + this.sizer.size);
      try {
        await this.applyWithRetry(batch, chunk, control);
      } catch (error) {
        if (!(error instanceof CheckpointMovedError)) throw error;
        // Someone else moved this partition's checkpoint (a rebuild swapped in, a reset): resume from there.
        this.positions.set(slot, error.checkpoint);
        if (error.checkpoint < BigInt(chunk[0]!.offset)) control.seek(String(error.checkpoint));
        else await this.handleBatch(batch, control);
        return;
      }
      i += chunk.length;
      next = BigInt(chunk[chunk.length - 1]!.offset) + 1n;
      this.positions.set(slot, next);
      const lag = BigInt(batch.highWatermark) - next;
      this.options.metrics.lagEvents.set(this.labels(batch), Number(lag > 0n ? lag : 0n));
      await control.heartbeat();
    }
    if (held >= 0 && control.isActive() && !this.stopping) {
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
      result = await inTransaction(dataSource, async (sql) => {
        // One round trip: share the dead-letter lock with other batches (a redrive takes it exclusively) and point
        // unqualified table names at this instance's schema.
        await sql.query(
          `select pg_advisory_xact_lock_shared(hashtext($1)), set_config('search_path', $2, true), set_config($3, $4, true)`,
          [
            deadLetterLockKey(this.name, projection.version),
            `"${this.instance.schema}", public`,
            RUN_MODE_SETTING,
            this.options.mode ?? 'live',
          ],
        );
        await this.verifyCheckpoint(sql, batch, chunk[0]!);
        const keys = [...new Set(chunk.map((r) => r.key).filter((k): k is string => k !== null))];
        const blocked = (await this.mayHaveParked(sql, batch))
          ? await openKeys(sql, this.name, projection.version, batch.topic, keys)
          : new Set<string>();
        ({ toApply, parked } = sortOut(decoded, poison, blocked));
        const applied = await applyBatch(sql, projection, toApply, {
          projectionName: this.name,
          projectionVersion: projection.version,
          topic: batch.topic,
          partition: batch.partition,
          nextOffset: String(BigInt(last.offset) + 1n),
        });
        await park(sql, this.name, projection.version, parked);
        if (parked.length > 0) this.parkedIn.set(`${batch.topic}/${batch.partition}`, true);
        return applied;
      });
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
    const lastEvent = toApply.at(-1)?.event;
    const behind = BigInt(batch.highWatermark) - (BigInt(last.offset) + 1n) > 0n;
    const occurredAt = lastEvent && 'metadata' in lastEvent ? lastEvent.metadata.occurredAt : undefined;
    metrics.lagSeconds.set(
      this.labels(batch),
      behind && occurredAt !== undefined ? Math.max(0, (Date.now() - occurredAt) / 1000) : 0,
    );
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

  /**
   * Re-reads the checkpoint under a row lock in the batch's transaction. The cached position is only a hint: a
   * rebuild that swaps in, or a reset, changes the row, and the runner must follow it rather than its memory.
   */
  private async verifyCheckpoint(sql: SqlExecutor, batch: RecordBatch, first: IncomingRecord): Promise<void> {
    const [row] = await sql.query<{ next_offset: string }>(
      `select next_offset from public.projection_checkpoints
       where projection = $1 and version = $2 and topic = $3 and partition = $4 for update`,
      [this.name, this.options.projection.version, batch.topic, batch.partition],
    );
    const checkpoint = row ? BigInt(row.next_offset) : null;
    if (checkpoint !== null && checkpoint !== BigInt(first.offset))
      throw new CheckpointMovedError(checkpoint);
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
    toApply.push({
      event: d.event,
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      key: record.key,
    });
  }
  return { toApply, parked };
}
