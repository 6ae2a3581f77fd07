import { inTransaction, pooledSql } from '@shopstream/database';
import { DataSource } from 'typeorm';
import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { Projection } from '../definition/projection';
import { ProjectionMetrics } from '../metrics/projection-metrics';
import { ProjectionRunner, ProjectionRunnerOptions } from '../run/projection-runner';
import { ensureProjectionTables } from '../storage/projection-tables';
import { LogHeads, parseSlot, Positions, readPositions, seedPositions } from './partition-positions';
import { RunMode } from '../definition/run-mode';
import { progressOf, RateMeter, RunPhase, RunProgress } from './run-progress';
import { describeSandbox, SandboxInfo } from './sandbox-registry';

export interface ShadowRunOptions {
  readonly projection: Projection;
  readonly dataSource: DataSource;
  readonly codec: EventCodec<ShopstreamEvent>;
  readonly brokers: readonly string[];
  readonly topics: readonly string[];
  readonly schema: string;
  readonly info: SandboxInfo;
  readonly mode: RunMode;
  readonly starts: Positions;
  readonly maxBatchEvents?: number;
  readonly stopBefore?: (topic: string, partition: number) => bigint | undefined;
  readonly onProgress?: (progress: RunProgress) => void;
  /** Heads shared with other shadows (a rebuild of several); its own otherwise. */
  readonly heads?: LogHeads;
}

/**
 * How often shadow runners started together heartbeat. The first member to join takes every partition, and the
 * others' joins wait until it heartbeats, learns that the group is rebalancing and rejoins: with the live projector's
 * 2 s, the second of a full rebuild's two runners waited 2.1 s doing nothing.
 */
const MEMBER_HEARTBEAT_MS = 500;

/** Bulk loads run far past the live runner's default cap: bigger transactions, fewer checkpoint writes. */
const REBUILD_MAX_BATCH = 50_000;

/**
 * A projection applied into a sandbox schema by a runner of its own: own consumer group (it never joins the live
 * one), own checkpoints and dead letters under `info.instance`, tables created without secondary indexes.
 */
export class ShadowRun {
  /** One, or the members that split the partitions of a rebuild of several (startTogether). */
  private runners: readonly ProjectionRunner[] = [];
  private readonly meter = new RateMeter();
  private readonly startedAt = Date.now();
  private readonly heads: LogHeads;
  phase: RunPhase = 'building';

  constructor(readonly options: ShadowRunOptions) {
    this.heads = options.heads ?? new LogHeads(options.brokers, options.topics);
  }

  get instance(): string {
    return this.options.info.instance;
  }

  /** Creates the schema and its tables, seeds the start positions, and starts consuming. */
  async start(): Promise<void> {
    await this.prepare();
    await this.resume();
  }

  /**
   * Starts several shadows on shared runners (a rebuild of several projections): each topic is read and decoded
   * once for all of them. With `members` above one, that many runners join the shadows' consumer group and split
   * the partitions, as scaled-out projectors do: each fetches, decodes and applies its share, so every read model has
   * that many transactions in flight. They stop together too: stopping one shadow stops the runners they share.
   */
  static async startTogether(shadows: readonly ShadowRun[], members = 1): Promise<void> {
    const [first, ...rest] = shadows;
    if (!first) return;
    for (const shadow of shadows) await shadow.prepare();
    const runners = Array.from(
      { length: members },
      () =>
        new ProjectionRunner({
          ...first.runnerOptions(),
          alongside: rest.map((s) => ({ projection: s.options.projection, instance: s.lane() })),
          heartbeatIntervalMs: MEMBER_HEARTBEAT_MS,
        }),
    );
    for (const shadow of shadows) shadow.runners = runners;
    // Side by side: the first to join takes every partition until its next heartbeat shows the others waiting.
    // Every start is over before a failure is thrown: the caller then stops them all, and a runner stopped while it
    // was still starting would go on to join the group and keep the process alive.
    const started = await Promise.allSettled(runners.map((runner) => runner.start()));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Starts a fresh runner on the same state (after stop): it continues from its checkpoints. */
  async resume(): Promise<void> {
    const runner = new ProjectionRunner(this.runnerOptions());
    this.runners = [runner];
    await runner.start();
  }

  private async prepare(): Promise<void> {
    const { projection, dataSource, schema, info, starts } = this.options;
    await inTransaction(dataSource, async (sql) => {
      await ensureProjectionTables(sql, projection, { schema, withIndexes: false });
      await describeSandbox(sql, schema, info);
      await seedPositions(sql, info.instance, projection.version, starts);
    });
  }

  private lane() {
    const { schema, info, topics } = this.options;
    return { name: info.instance, schema, groupId: `shopstream-${info.kind}-${schema}`, topics };
  }

  private runnerOptions(): ProjectionRunnerOptions {
    const { projection, dataSource, codec, brokers, info, mode, stopBefore } = this.options;
    return {
      projection,
      dataSource,
      codec,
      brokers,
      metrics: new ProjectionMetrics(),
      mode,
      createIndexes: false,
      maxBatchEvents: this.options.maxBatchEvents ?? REBUILD_MAX_BATCH,
      clientId: `shopstream-${info.kind}-${projection.name}`,
      ...(stopBefore ? { stopBefore } : {}),
      instance: this.lane(),
    };
  }

  async stop(): Promise<void> {
    const runners = this.runners;
    this.runners = [];
    await Promise.all(runners.map((runner) => runner.stop()));
  }

  async positions(): Promise<Positions> {
    return readPositions(pooledSql(this.options.dataSource), this.instance, this.options.projection.version);
  }

  /** The heads of this shadow's topics, fetched at most every `maxAgeMs`. */
  async logHeads(maxAgeMs = 2_000): Promise<Positions> {
    const all = await this.heads.get(maxAgeMs);
    if (this.heads.topics.length === this.options.topics.length) return all;
    return new Map([...all].filter(([slot]) => this.options.topics.includes(parseSlot(slot).topic)));
  }

  /** Reports progress every `intervalMs` until `done` says so; `done` sees the positions and the heads. */
  async until(
    done: (positions: Positions, heads: Positions) => boolean | Promise<boolean>,
    { intervalMs = 500, timeoutMs = Number.POSITIVE_INFINITY } = {},
  ): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const positions = await this.positions();
      const heads = await this.logHeads();
      this.report(positions, heads);
      if (await done(positions, heads)) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  report(positions: Positions, heads: Positions): RunProgress {
    const base = {
      run: this.options.schema,
      phase: this.phase,
      starts: this.options.starts,
      positions,
      heads,
    };
    const elapsedSeconds = (Date.now() - this.startedAt) / 1000;
    const rough = progressOf({ ...base, eventsPerSecond: 0, elapsedSeconds });
    const progress = progressOf({
      ...base,
      eventsPerSecond: this.meter.sample(rough.done, Date.now()),
      elapsedSeconds,
    });
    this.options.onProgress?.(progress);
    return progress;
  }

  /** Creates the secondary indexes after the bulk load: one sorted build per index beats maintaining it per row. */
  async createIndexes(): Promise<void> {
    const { projection, dataSource, schema } = this.options;
    await inTransaction(dataSource, (sql) =>
      ensureProjectionTables(sql, projection, { schema, withIndexes: true }),
    );
  }
}
