import { inTransaction, pooledSql } from '@shopstream/database';
import { DataSource } from 'typeorm';
import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { deleteCheckpoints } from '../checkpoints/checkpoint-store';
import { Projection } from '../definition/projection';
import { ProjectionInstance } from '../definition/projection-instance';
import { eventsBehind, logBounds, RunStart, startPositions } from '../rebuild/partition-positions';
import { SandboxSchemaError } from '../rebuild/rebuild.errors';
import { RunProgress } from '../rebuild/run-progress';
import {
  describeSandbox,
  dropSandbox,
  listSandboxes,
  quoteIdent,
  RunLock,
  SandboxInfo,
} from '../rebuild/sandbox-registry';
import { ShadowRun } from '../rebuild/shadow-run';
import { checkSandboxName } from './replay-sandboxes';
import { untilFilter } from './until-filter';

export interface ReplayOptions {
  readonly projection: Projection;
  /** Says which topics to read and under which name the sandbox is listed. */
  readonly target: ProjectionInstance;
  readonly dataSource: DataSource;
  readonly codec: EventCodec<ShopstreamEvent>;
  readonly brokers: readonly string[];
  readonly into: string;
  readonly until: Date;
  readonly from: RunStart;
  readonly onProgress?: (progress: RunProgress) => void;
}

export interface ReplaySummary {
  readonly projection: string;
  readonly schema: string;
  readonly until: string;
  /** Records read from the log, including those after `until` that were not applied. */
  readonly eventsRead: number;
  readonly seconds: number;
  readonly tables: readonly { readonly table: string; readonly rows: number }[];
}

/**
 * A point-in-time copy of a projection in a sandbox schema: the log replayed from `from`, each partition stopped
 * at its first event after `until`. Live state is never read or written. A replay interrupted part way leaves a
 * sandbox marked running, which the next replay into the same schema replaces.
 */
export async function replayProjection(options: ReplayOptions): Promise<ReplaySummary> {
  const { projection, target, dataSource, into } = options;
  checkSandboxName(into);
  const lock = await RunLock.tryTake(dataSource, [RunLock.forSchema(into)]);
  if (!lock) throw new SandboxSchemaError(into, 'a replay into it is already running');
  const pool = pooledSql(dataSource);
  const started = Date.now();
  try {
    await claimSchema(options, pool);
    const starts = await startPositions(options.brokers, target.topics, options.from);
    const headAtStart = (await logBounds(options.brokers, target.topics)).high;
    const stops = new Map<string, bigint>();
    const info: SandboxInfo = {
      shopstream: 'sandbox',
      kind: 'replay',
      projection: target.name,
      version: projection.version,
      instance: `replay_${into}`,
      status: 'running',
      startedAt: new Date(started).toISOString(),
      from: options.from.kind === 'earliest' ? 'earliest' : options.from.at.toISOString(),
      until: options.until.toISOString(),
    };
    const run = new ShadowRun({
      ...options,
      projection: untilFilter(projection, options.until, stops),
      topics: target.topics,
      schema: into,
      info,
      mode: 'replay',
      starts,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    try {
      await run.start();
      // A partition is done once it stopped at an event after `until` or read everything there was at the start.
      await run.until((positions) =>
        [...headAtStart].every(([slot, head]) => {
          const at = positions.get(slot) ?? starts.get(slot) ?? 0n;
          const stop = stops.get(slot);
          return at >= head || (stop !== undefined && at > stop);
        }),
      );
      await run.stop();
      run.phase = 'done';
      const positions = await run.positions();
      run.report(positions, headAtStart);
      await run.createIndexes();
      return await finish(options, info, started, Number(eventsBehind(new Map(), positions, starts)));
    } catch (error) {
      await run.stop();
      await dropSandbox(pool, { ...info, schema: into });
      throw error;
    }
  } finally {
    await lock.release();
  }
}

/** Refuses a schema that exists and is not an abandoned replay; drops the abandoned one. */
async function claimSchema(options: ReplayOptions, pool: ReturnType<typeof pooledSql>): Promise<void> {
  const [exists] = await pool.query<{ found: boolean }>(
    'select exists (select 1 from pg_namespace where nspname = $1) as found',
    [options.into],
  );
  if (!exists?.found) return;
  const sandbox = (await listSandboxes(pool)).find((s) => s.schema === options.into);
  if (!sandbox || sandbox.kind !== 'replay')
    throw new SandboxSchemaError(
      options.into,
      'already exists and is not a replay sandbox; pick another --into',
    );
  if (sandbox.status === 'complete')
    throw new SandboxSchemaError(
      options.into,
      `already holds a replay (until ${sandbox.until}); drop it with \`shopstream replay --drop ${options.into}\` first`,
    );
  // Its run holds no lock any more (ours succeeded): it was interrupted.
  await dropSandbox(pool, sandbox);
}

/** Marks the sandbox complete and removes the engine's bookkeeping, leaving only the projection's tables. */
async function finish(
  options: ReplayOptions,
  info: SandboxInfo,
  started: number,
  eventsRead: number,
): Promise<ReplaySummary> {
  const { projection, into, dataSource } = options;
  return inTransaction(dataSource, async (sql) => {
    await sql.query(`drop table ${quoteIdent(into)}.applied_events`);
    await deleteCheckpoints(sql, [info.instance], 'all');
    await describeSandbox(sql, into, { ...info, status: 'complete' });
    const tables = [];
    for (const t of projection.tables) {
      const [row] = await sql.query<{ n: number }>(
        `select count(*)::int as n from ${quoteIdent(into)}.${quoteIdent(t.name)}`,
      );
      tables.push({ table: t.name, rows: row?.n ?? 0 });
    }
    return {
      projection: info.projection,
      schema: into,
      until: options.until.toISOString(),
      eventsRead,
      seconds: (Date.now() - started) / 1000,
      tables,
    };
  });
}
