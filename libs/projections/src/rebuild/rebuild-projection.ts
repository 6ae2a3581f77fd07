import { pooledSql } from '@shopstream/database';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { Projection } from '../definition/projection';
import { ProjectionInstance } from '../definition/projection-instance';
import {
  eventsBehind,
  LogHeads,
  parseSlot,
  Positions,
  reached,
  RunStart,
  startPositions,
} from './partition-positions';
import { RebuildInProgressError } from './rebuild.errors';
import { RunProgress } from './run-progress';
import { dropAbandonedSandboxes, dropSandbox, RunLock, SandboxInfo } from './sandbox-registry';
import { ShadowRun } from './shadow-run';
import { SwapMember, swapInAll } from './swap-in';

export interface RebuildOptions {
  readonly projection: Projection;
  readonly target: ProjectionInstance;
  readonly dataSource: DataSource;
  readonly codec: EventCodec<ShopstreamEvent>;
  readonly brokers: readonly string[];
  readonly from: RunStart;
  /** Swap once the shadow is at most this many events behind the head (the live runner applies the rest). */
  readonly maxGap?: number;
  readonly maxBatchEvents?: number;
  /**
   * Shadow runners that split the partitions between them (members of the rebuild's consumer group); more than one
   * keeps every read model applying while another share waits for its fetch. DEFAULT_REBUILD_RUNNERS by default.
   */
  readonly runners?: number;
  readonly onProgress?: (progress: RunProgress) => void;
}

/** Several projections rebuilt at once, on shared runners, swapped in together. */
export interface RebuildManyOptions extends Omit<RebuildOptions, 'projection' | 'target'> {
  readonly members: readonly { readonly projection: Projection; readonly target: ProjectionInstance }[];
}

export interface RebuildSummary {
  readonly projection: string;
  readonly version: number;
  readonly shadowSchema: string;
  readonly liveSchema: string;
  readonly events: number;
  /** From the start until the swap committed and the new tables served queries. */
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly indexSeconds: number;
  /** How long the live runner was paused by the swap (queries are not). */
  readonly swapPausedMs: number;
  /** Sandboxes of earlier, interrupted runs that were dropped first. */
  readonly droppedAbandoned: readonly string[];
}

/**
 * Two runners: with one, a fifth of this project's 2-core machines sat idle during a rebuild, each read model
 * waiting for its next fetch between transactions. A full rebuild of the 13 read models took 27.4, 26.8 and 27.6 s
 * with two against 28.7 and 29.5 s with one; with three it took 33.4 s (three pipelines contending for two cores).
 */
export const DEFAULT_REBUILD_RUNNERS = 2;

/**
 * Connections a rebuild of `projections` read models keeps busy: a transaction per projection and runner at a time
 * (their lanes apply side by side), plus its run lock, progress polls and the swap. Fewer, and lanes wait for the
 * pool.
 */
export const rebuildPoolSize = (projections: number, runners = DEFAULT_REBUILD_RUNNERS) =>
  projections * runners + 4;

/** A rebuild's runner count, or an error that says what is expected. */
export function checkRebuildRunners(runners: number): number {
  if (!Number.isInteger(runners) || runners < 1 || runners > 16)
    throw new RangeError(
      `a rebuild's runners (--runners) must be a whole number from 1 to 16; got ${runners}`,
    );
  return runners;
}

const shortId = () => randomBytes(3).toString('hex');

/** Schema names are at most 63 bytes: the id goes first so truncating a long name keeps it unique. */
export const sandboxSchemaName = (kind: string, target: ProjectionInstance, version: number) =>
  `${kind}_${shortId()}_${target.name}_v${version}`.slice(0, 63);

export const rebuildLockKey = (target: ProjectionInstance) => `shopstream-rebuild:${target.name}`;

/**
 * Rebuilds a projection beside the live one and swaps it in: bulk load into a shadow schema without secondary
 * indexes, catch up with the head captured at the start, index, chase the moving head, swap in one transaction.
 * Live keeps serving and applying throughout. An interrupted run leaves only its shadow, dropped by the next run.
 */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildSummary> {
  const { projection, target, ...rest } = options;
  const [summary] = await rebuildProjections({ ...rest, members: [{ projection, target }] });
  return summary!;
}

/**
 * Rebuilds several projections as rebuildProjection does one, on shared shadow runners: each topic is read and decoded
 * once for all of them, which is what makes rebuilding everything faster than one at a time. They swap in together,
 * in one transaction, once all have caught up.
 */
export async function rebuildProjections(options: RebuildManyOptions): Promise<RebuildSummary[]> {
  const { members, dataSource } = options;
  const runnerCount = checkRebuildRunners(options.runners ?? DEFAULT_REBUILD_RUNNERS);
  const runs = members.map((m) => ({
    ...m,
    schema: sandboxSchemaName('rebuild', m.target, m.projection.version),
  }));
  const lock = await RunLock.tryTake(dataSource, [
    ...runs.map((r) => rebuildLockKey(r.target)),
    ...runs.map((r) => RunLock.forSchema(r.schema)),
  ]);
  if (!lock) throw new RebuildInProgressError(members.map((m) => m.target.name).join(', '));
  const started = Date.now();
  try {
    const shadows: { shadow: ShadowRun; info: SandboxInfo; droppedAbandoned: string[]; starts: Positions }[] =
      [];
    // One look at the log for every topic of every member: a Kafka admin round trip each would add up.
    const topics = [...new Set(runs.flatMap((r) => r.target.topics))];
    const allStarts = await startPositions(options.brokers, topics, options.from);
    const heads = new LogHeads(options.brokers, topics);
    for (const { projection, target, schema } of runs) {
      const droppedAbandoned = await dropAbandonedSandboxes(
        dataSource,
        pooledSql(dataSource),
        (s) => s.kind === 'rebuild' && s.projection === target.name,
      );
      const starts: Positions = new Map(
        [...allStarts].filter(([slot]) => target.topics.includes(parseSlot(slot).topic)),
      );
      const info: SandboxInfo = {
        shopstream: 'sandbox',
        kind: 'rebuild',
        projection: target.name,
        version: projection.version,
        instance: schema,
        status: 'running',
        startedAt: new Date(started).toISOString(),
        from: options.from.kind === 'earliest' ? 'earliest' : options.from.at.toISOString(),
      };
      const shadow = new ShadowRun({
        ...options,
        projection,
        topics: target.topics,
        schema,
        info,
        mode: 'rebuild',
        starts,
        heads,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      shadows.push({ shadow, info, droppedAbandoned, starts });
    }
    try {
      await ShadowRun.startTogether(
        shadows.map((s) => s.shadow),
        runnerCount,
      );
      const built = await buildAndSwap(
        options,
        runs.map((r, i) => ({ projection: r.projection, target: r.target, shadow: shadows[i]!.shadow })),
      );
      return built.map(({ swappedAt, ...summary }, i) => ({
        ...summary,
        shadowSchema: runs[i]!.schema,
        droppedAbandoned: shadows[i]!.droppedAbandoned,
        seconds: (swappedAt - started) / 1000,
      }));
    } catch (error) {
      // Live was not touched (the swap is one transaction); the half-built shadows are of no further use.
      for (const { shadow, info } of shadows) {
        await shadow.stop();
        await dropSandbox(pooledSql(dataSource), { ...info, schema: info.instance });
      }
      throw error;
    }
  } finally {
    await lock.release();
  }
}

/**
 * How often a shadow's checkpoints are read to see whether its load or chase is over: each phase ends on average half
 * of this after the shadow got there, and a read is one small query per shadow.
 */
const PHASE_POLL_MS = 250;

async function buildAndSwap(options: RebuildManyOptions, members: readonly SwapMember[]) {
  const maxGap = BigInt(options.maxGap ?? 500);
  const buildStarted = Date.now();
  // Each shadow is indexed as soon as it has loaded up to the head it saw at the start, while the others still load:
  // the last one's index is then all that stands between the end of the load and the swap. Its lane's next
  // transaction waits for the index (CREATE INDEX blocks writes); what arrives meanwhile queues in the lane, and
  // only more than a transaction's worth would hold up the shared fetch, and so the others' loads.
  const bulk = await Promise.all(
    members.map(async ({ shadow }) => {
      const starts = shadow.options.starts;
      const headAtStart = await shadow.logHeads(0);
      await shadow.until((positions) => reached(positions, headAtStart, starts), {
        intervalMs: PHASE_POLL_MS,
      });
      const loaded = await shadow.positions();
      const bulkSeconds = (Date.now() - buildStarted) / 1000;
      shadow.phase = 'indexing';
      shadow.report(loaded, headAtStart);
      const indexStarted = Date.now();
      await shadow.createIndexes();
      const indexSeconds = (Date.now() - indexStarted) / 1000;
      shadow.phase = 'chasing';
      await shadow.until((positions, heads) => eventsBehind(positions, heads, starts) <= maxGap, {
        intervalMs: PHASE_POLL_MS,
      });
      return { bulkEvents: Number(eventsBehind(new Map(), loaded, starts)), bulkSeconds, indexSeconds };
    }),
  );
  for (const { shadow } of members) shadow.phase = 'swapping';
  const swaps = await swapInAll(options.dataSource, members);
  return Promise.all(
    members.map(async ({ projection, target, shadow }, i) => {
      const { bulkEvents, bulkSeconds, indexSeconds } = bulk[i]!;
      const swap = swaps[i]!;
      shadow.phase = 'done';
      shadow.report(swap.positions, await shadow.logHeads(0));
      return {
        projection: target.name,
        version: projection.version,
        liveSchema: target.schema,
        events: Number(eventsBehind(new Map(), swap.positions, shadow.options.starts)),
        eventsPerSecond: bulkSeconds > 0 ? Math.round(bulkEvents / bulkSeconds) : bulkEvents,
        indexSeconds,
        swapPausedMs: swap.pausedMs,
        swappedAt: swap.swappedAt,
      };
    }),
  );
}
