import pLimit from 'p-limit';
import { DataSource } from 'typeorm';
import { pooledSql } from '@shopstream/database';
import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { BatchConsumer, BatchControl, IncomingRecord, RecordBatch } from '@shopstream/kafka';
import { createLogger, Logger } from '@shopstream/logging';
import { earliestCheckpoints } from '../checkpoints/checkpoint-store';
import { Projection } from '../definition/projection';
import { liveInstanceOf, ProjectionInstance } from '../definition/projection-instance';
import { RunMode } from '../definition/run-mode';
import { ProjectionMetrics } from '../metrics/projection-metrics';
import { classifyFailure, failureMessage } from './error-classification';
import { ProjectionLane } from './projection-lane';
import { Decoded } from './sort-out';

/** A projection a runner feeds, and where this run keeps its state (defaults derive from name + version). */
export interface RunnerLane {
  readonly projection: Projection;
  /**
   * A rebuild, a replay or a test passes its own, so its tables, checkpoints, dead letters and consumer group never
   * touch the live ones.
   */
  readonly instance?: Partial<ProjectionInstance>;
}

export interface ProjectionRunnerOptions extends RunnerLane {
  /**
   * More projections fed by the same consumer: each topic is fetched and decoded once for all of them; each applies
   * what one fetch brings it in one transaction, in its own schema with its own checkpoints.
   */
  readonly alongside?: readonly RunnerLane[];
  /** The consumer group; the first projection's instance group unless told otherwise. */
  readonly groupId?: string;
  readonly dataSource: DataSource;
  readonly codec: EventCodec<ShopstreamEvent>;
  readonly brokers: readonly string[];
  readonly metrics: ProjectionMetrics;
  readonly clientId?: string;
  /** The consumer's heartbeat interval (BatchConsumerOptions.heartbeatIntervalMs). */
  readonly heartbeatIntervalMs?: number;
  readonly maxBatchEvents?: number;
  /**
   * Least time between the starts of two queued transactions of a lane; 0 (the default) starts each as soon as the
   * one before has finished. At the head of a busy log, fetches bring a few events each and every lane would commit
   * after each of them (tens of commits per order with 13 read models); a pace bounds each lane's commits per second
   * and lets each commit carry what arrived meanwhile. An idle lane still starts at once: only a busy one waits.
   */
  readonly transactionPaceMs?: number;
  /** What this run is for; apply reads it with currentRunMode(sql) to keep side effects to 'live'. */
  readonly mode?: RunMode;
  /** False for a rebuild's bulk load: secondary indexes are created once, after it, which is much faster. */
  readonly createIndexes?: boolean;
  /**
   * Records at or after this offset are held back (not applied, checkpoint not moved) until it rises: a verify
   * keeps its scratch copy exactly at the live projection's positions this way.
   */
  readonly stopBefore?: (topic: string, partition: number) => bigint | undefined;
  /**
   * The host's logger, for what an operator must act on (a gap in the log, a parked event): its lines carry the
   * host's component. A logger of component 'projections' when none is given.
   */
  readonly logger?: Logger;
}

/**
 * Batches applied in chunks (catching up) at once, each partition still in order: more would only queue for the
 * pool.
 */
const CHUNKED_CONCURRENCY = 4;
/** kafkajs hands this many partitions over at once: every partition of a fetch, so they can share a commit. */
const PARTITIONS_AT_ONCE = 256;

/**
 * Runs projections from one consumer group: decodes each record once, asks every projection (lane) which records
 * are its to apply, and queues them on the lane; each lane applies what it has queued in ONE PostgreSQL transaction
 * with its checkpoints, at its own pace, the lanes side by side, while the next fetch comes in. The checkpoints, not
 * Kafka's committed offsets, say where to resume: after every (re)assignment each lane reloads them and the
 * partition is read from the earliest, so a redelivery after a rebalance or a crash is skipped instead of applied
 * twice. A batch that cannot be queued (big, poison, behind a parked key) is applied in chunks per lane, after its
 * queue.
 */
export class ProjectionRunner {
  private readonly lanes: readonly ProjectionLane[];
  private readonly consumer: BatchConsumer;
  private readonly chunkedSlots = pLimit(CHUNKED_CONCURRENCY);
  private readonly log: Logger;
  private stopping = false;
  private stopped: Promise<void> | undefined;

  constructor(private readonly options: ProjectionRunnerOptions) {
    const maxBatchEvents = options.maxBatchEvents ?? 20_000;
    const logger = options.logger ?? createLogger('projections');
    this.lanes = [options, ...(options.alongside ?? [])].map(
      (lane) =>
        new ProjectionLane({
          projection: lane.projection,
          instance: instanceOf(lane),
          dataSource: options.dataSource,
          metrics: options.metrics,
          mode: options.mode ?? 'live',
          maxBatchEvents,
          transactionPaceMs: options.transactionPaceMs ?? 0,
          createIndexes: options.createIndexes ?? true,
          logger,
          ...(options.stopBefore ? { stopBefore: options.stopBefore } : {}),
          stopping: () => this.stopping,
          seek: (topic, partition, offset) => this.seekOutsideHandler(topic, partition, offset),
        }),
    );
    const topics = [...new Set(this.lanes.flatMap((l) => l.options.instance.topics))].sort();
    this.consumer = new BatchConsumer({
      brokers: options.brokers,
      clientId: options.clientId ?? `shopstream-projector-${options.projection.name}`,
      groupId:
        options.groupId ??
        this.lanes[0]!.options.instance.groupId ??
        liveInstanceOf(options.projection).groupId!,
      topics,
      fromBeginning: true,
      maxBytesPerPartition: 4 * 1_048_576,
      partitionsConsumedConcurrently: PARTITIONS_AT_ONCE,
      commitIntervalMs: 5_000,
      ...(options.heartbeatIntervalMs ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
      onAssigned: (assignment) => {
        for (const lane of this.lanes) lane.forgetAssignment();
        return this.seekToCheckpoints(assignment).catch((error: unknown) => {
          this.log.error(
            `could not read the checkpoints after a rebalance (${failureMessage(error)}); partitions resume from ` +
              "Kafka's committed offsets, and a read model behind them reads back only once its partition receives " +
              'a new record: check PostgreSQL, then restart the projector',
          );
        });
      },
    });
    this.log = logger.child({ projection: this.name });
  }

  get name(): string {
    return this.lanes.map((l) => l.name).join('+');
  }

  async start(): Promise<void> {
    for (const lane of this.lanes) await lane.ensureTables();
    await this.consumer.start((batch, control) => this.handleBatch(batch, control));
  }

  /** Idempotent: shadows sharing a runner each stop it. */
  stop(): Promise<void> {
    this.stopping = true;
    this.stopped ??= this.consumer
      .stop()
      .then(() => Promise.all(this.lanes.map((lane) => lane.settled())))
      .then(() => undefined);
    return this.stopped;
  }

  private async handleBatch(batch: RecordBatch, control: BatchControl): Promise<void> {
    if (batch.records.length === 0) return;
    const receivedAt = Date.now();
    const decode = decodeOnce((record) => this.decode(record));
    const plans = [];
    let seekTo: bigint | undefined;
    for (const lane of this.lanes) {
      if (!lane.reads(batch.topic)) continue;
      const plan = await lane.plan(batch, control);
      if ('seek' in plan) seekTo = seekTo === undefined || plan.seek < seekTo ? plan.seek : seekTo;
      else if (plan.pending.length > 0 || plan.stopsShort) plans.push({ lane, plan });
    }
    // One lane behind the batch (reset, or Kafka's offset ahead of its checkpoint): read from there again; the
    // lanes ahead skip what they have.
    if (seekTo !== undefined) return control.seek(String(seekTo));

    const queued = await Promise.all(
      plans.map(async ({ lane, plan }) => {
        if (plan.stopsShort) return false;
        const events = await lane.queueable(batch, plan.pending, decode);
        return (
          events !== null &&
          control.isActive() &&
          !this.stopping &&
          lane.enqueue(batch, events, control, receivedAt)
        );
      }),
    );
    const inChunks = plans.filter((_, i) => !queued[i]);
    if (inChunks.length < plans.length) await control.heartbeat();
    if (inChunks.length === 0) return;
    await this.chunkedSlots(() =>
      Promise.all(
        inChunks.map(
          async ({ lane, plan }) =>
            (await lane.idle(control)) && (await lane.applyInChunks(batch, plan, control, decode)),
        ),
      ),
    );
  }

  /**
   * For a lane whose queued work failed after its handler returned. kafkajs refuses a seek while it restarts the
   * consumer; the restart reads from the checkpoints anyway (seekToCheckpoints).
   */
  private seekOutsideHandler(topic: string, partition: number, offset: bigint): void {
    try {
      this.consumer.seek(topic, partition, String(offset));
    } catch (error) {
      this.log.warn(
        { topic, partition, offset: String(offset) },
        `could not move the partition back (${failureMessage(error)}); it is read from its checkpoints when the ` +
          'consumer next joins its group',
      );
    }
  }

  /**
   * After a (re)assignment, each partition is read from the earliest checkpoint of the lanes that read it. Kafka's
   * committed offset runs ahead of the checkpoints by what the lanes had queued, not yet applied, when the last
   * owner stopped or crashed; from there, a partition that receives nothing new would never be read back.
   */
  private async seekToCheckpoints(assignment: ReadonlyMap<string, readonly number[]>): Promise<void> {
    for (const [topic, partitions] of assignment) {
      const lanes = this.lanes.filter((lane) => lane.reads(topic));
      const earliest = await earliestCheckpoints(
        pooledSql(this.options.dataSource),
        topic,
        partitions,
        lanes.map((l) => ({ name: l.name, version: l.projection.version })),
      );
      for (const c of earliest)
        if (!this.stopping) this.consumer.seek(topic, c.partition, c.nextOffset.toString());
    }
  }

  private async decode(record: IncomingRecord): Promise<Decoded> {
    try {
      return { record, event: await this.options.codec.decode(record.value) };
    } catch (error) {
      if (classifyFailure(error) === 'transient') throw error;
      return { record, error };
    }
  }
}

/** Decodes each record of a batch at most once for all lanes; a transient failure is not remembered. */
function decodeOnce(decode: (record: IncomingRecord) => Promise<Decoded>) {
  const seen = new Map<string, Promise<Decoded>>();
  return (record: IncomingRecord): Promise<Decoded> => {
    const known = seen.get(record.offset);
    if (known) return known;
    const decoding = decode(record);
    seen.set(record.offset, decoding);
    decoding.catch(() => seen.delete(record.offset));
    return decoding;
  };
}

/** Where a lane of the runner keeps its state: the live instance, unless the caller names its own. */
function instanceOf(lane: RunnerLane): ProjectionInstance {
  return { ...liveInstanceOf(lane.projection), ...lane.instance };
}
