import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import { DataSource } from 'typeorm';
import { EventCodec, ShopstreamEvent, TOPIC_OF_EVENT } from '@shopstream/events';
import { BatchConsumer, BatchControl, IncomingRecord, RecordBatch } from '@shopstream/kafka';
import { Projection, projectionGroup, projectionSchema } from '../definition/projection';
import { ProjectionMetrics } from '../metrics/projection-metrics';
import { RunMode } from '../rebuild/run-mode';
import { classifyFailure, failureMessage } from './error-classification';
import { ProjectionLane, RunnerInstance } from './projection-lane';
import { Decoded } from './sort-out';

export type { RunnerInstance };

/** A projection a runner feeds, and where this run keeps its state (defaults derive from name + version). */
export interface RunnerLane {
  readonly projection: Projection;
  /**
   * A rebuild, a replay or a test passes its own, so its tables, checkpoints, dead letters and consumer group never
   * touch the live ones.
   */
  readonly instance?: Partial<RunnerInstance>;
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
  /** What this run is for; apply reads it with currentRunMode(sql) to keep side effects to 'live'. */
  readonly mode?: RunMode;
  /** False for a rebuild's bulk load: secondary indexes are created once, after it, which is much faster. */
  readonly createIndexes?: boolean;
  /**
   * Records at or after this offset are held back (not applied, checkpoint not moved) until it rises: a verify
   * keeps its scratch copy exactly at the live projection's positions this way.
   */
  readonly stopBefore?: (topic: string, partition: number) => bigint | undefined;
  /** Where lanes report what an operator must act on, e.g. a gap in the log. */
  readonly log?: (line: string) => void;
}

/** Big batches (catching up) applied at once, each partition still in order: more would only queue for the pool. */
const ALONE_CONCURRENCY = 4;
/** kafkajs hands this many partitions over at once: every partition of a fetch, so they can share a commit. */
const PARTITIONS_AT_ONCE = 256;

/**
 * Runs projections from one consumer group: decodes each record once, asks every projection (lane) which records
 * are its to apply, and queues them on the lane; each lane applies what it has queued in ONE PostgreSQL transaction
 * with its checkpoints, at its own pace, the lanes side by side, while the next fetch comes in. The checkpoints, not
 * Kafka's committed offsets, say where to resume: after every (re)assignment each lane reloads them and the
 * partition is read from the earliest, so a redelivery after a rebalance or a crash is skipped instead of applied
 * twice. A batch that cannot be queued (big, poison, behind a parked key) goes alone per lane, after its queue.
 */
export class ProjectionRunner {
  private readonly lanes: readonly ProjectionLane[];
  private readonly consumer: BatchConsumer;
  private readonly aloneSlots = pLimit(ALONE_CONCURRENCY);
  private stopping = false;
  private stopped: Promise<void> | undefined;

  constructor(private readonly options: ProjectionRunnerOptions) {
    const maxBatchEvents = options.maxBatchEvents ?? 20_000;
    this.lanes = [options, ...(options.alongside ?? [])].map(
      (lane) =>
        new ProjectionLane({
          projection: lane.projection,
          instance: instanceOf(lane),
          dataSource: options.dataSource,
          metrics: options.metrics,
          mode: options.mode ?? 'live',
          maxBatchEvents,
          createIndexes: options.createIndexes ?? true,
          ...(options.stopBefore ? { stopBefore: options.stopBefore } : {}),
          ...(options.log ? { log: options.log } : {}),
          stopping: () => this.stopping,
          seek: (topic, partition, offset) => this.seekOutsideHandler(topic, partition, offset),
        }),
    );
    const topics = [...new Set(this.lanes.flatMap((l) => l.options.instance.topics))].sort();
    this.consumer = new BatchConsumer({
      brokers: options.brokers,
      clientId: options.clientId ?? `shopstream-projector-${options.projection.name}`,
      groupId: options.groupId ?? this.lanes[0]!.options.instance.groupId,
      topics,
      fromBeginning: true,
      maxBytesPerPartition: 4 * 1_048_576,
      partitionsConsumedConcurrently: PARTITIONS_AT_ONCE,
      commitIntervalMs: 5_000,
      ...(options.heartbeatIntervalMs ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
      onAssigned: (assignment) => {
        for (const lane of this.lanes) lane.forgetAssignment();
        return this.seekToCheckpoints(assignment).catch((error: unknown) => {
          process.stderr.write(
            `[projector] ${this.name}: could not read the checkpoints after a rebalance (${failureMessage(error)}); ` +
              "partitions resume from Kafka's committed offsets, and a read model behind them reads back only once " +
              'its partition receives a new record: check PostgreSQL, then restart the projector\n',
          );
        });
      },
    });
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
    const decode = decodeOnce((record) => this.decode(record));
    const plans = [];
    let seekTo: bigint | undefined;
    for (const lane of this.lanes) {
      if (!lane.reads(batch.topic)) continue;
      const plan = await lane.plan(batch, control);
      if ('seek' in plan) seekTo = seekTo === undefined || plan.seek < seekTo ? plan.seek : seekTo;
      else if (plan.pending.length > 0 || plan.held) plans.push({ lane, plan });
    }
    // One lane behind the batch (reset, or Kafka's offset ahead of its checkpoint): read from there again; the
    // lanes ahead skip what they have.
    if (seekTo !== undefined) return control.seek(String(seekTo));

    const queued = await Promise.all(
      plans.map(async ({ lane, plan }) => {
        if (plan.held) return false;
        const events = await lane.groupable(batch, plan.pending, decode);
        return (
          events !== null && control.isActive() && !this.stopping && lane.enqueue(batch, events, control)
        );
      }),
    );
    const alone = plans.filter((_, i) => !queued[i]);
    if (alone.length < plans.length) await control.heartbeat();
    if (alone.length === 0) return;
    await this.aloneSlots(() =>
      Promise.all(
        alone.map(
          async ({ lane, plan }) =>
            (await lane.idle(control)) && (await lane.applyAlone(batch, plan, control, decode)),
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
      process.stderr.write(
        `[projector] ${this.name}: could not move ${topic}/${partition} back to ${offset} (${failureMessage(error)}); ` +
          'it is read from its checkpoints when the consumer next joins its group\n',
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
      const rows: { partition: number; next_offset: string }[] = await this.options.dataSource.query(
        `select p.partition, min(coalesce(c.next_offset, 0))::text as next_offset
           from unnest($2::int[]) as p (partition)
           cross join unnest($3::text[], $4::int[]) as l (projection, version)
           left join projection_checkpoints c
             on c.projection = l.projection and c.version = l.version and c.topic = $1 and c.partition = p.partition
          group by p.partition`,
        [topic, partitions, lanes.map((l) => l.name), lanes.map((l) => l.projection.version)],
      );
      for (const row of rows) if (!this.stopping) this.consumer.seek(topic, row.partition, row.next_offset);
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

function instanceOf(lane: RunnerLane): RunnerInstance {
  const { projection } = lane;
  return {
    name: projection.name,
    schema: projectionSchema(projection.name, projection.version),
    groupId: projectionGroup(projection.name, projection.version),
    topics: topicsOf(projection),
    ...lane.instance,
  };
}

/** The consumer group of a set of live projections run together: one per set, so instances of a set share it. */
export function projectorGroup(projections: readonly Projection[]): string {
  const set = projections.map((p) => `${p.name}@${p.version}`).sort();
  if (set.length === 1) return projectionGroup(projections[0]!.name, projections[0]!.version);
  return `shopstream-projector-${createHash('sha256').update(set.join(',')).digest('hex').slice(0, 12)}`;
}

export function topicsOf(projection: Projection): string[] {
  return [...new Set(projection.events.map((type) => TOPIC_OF_EVENT[type]))].sort();
}
