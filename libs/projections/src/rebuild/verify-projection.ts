import { inTransaction, pooledSql } from '@shopstream/database';
import { DataSource } from 'typeorm';
import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { deadLetterLockKey } from '../dead-letters/dead-letter-store';
import { Projection } from '../definition/projection';
import { ProjectionInstance } from '../definition/projection-instance';
import {
  eventsBehind,
  Positions,
  readPositions,
  reached,
  slotOf,
  startPositions,
} from './partition-positions';
import { RebuildInProgressError, SwapTimeoutError } from './rebuild.errors';
import { sandboxSchemaName } from './rebuild-projection';
import { RunProgress } from './run-progress';
import { dropAbandonedSandboxes, dropSandbox, RunLock, SandboxInfo } from './sandbox-registry';
import { ShadowRun } from './shadow-run';
import { compareTable, TableComparison } from './table-diff';

export interface VerifyOptions {
  readonly projection: Projection;
  readonly target: ProjectionInstance;
  readonly dataSource: DataSource;
  readonly codec: EventCodec<ShopstreamEvent>;
  readonly brokers: readonly string[];
  /** Rows listed per differing table. */
  readonly limit?: number;
  readonly onProgress?: (progress: RunProgress) => void;
}

export interface VerifyReport {
  readonly projection: string;
  readonly version: number;
  readonly equal: boolean;
  /** The live positions both sides were compared at. */
  readonly positions: Record<string, string>;
  readonly tables: readonly TableComparison[];
}

/** The live runner is paused while the scratch copy covers its last few events: keep that stretch short. */
const FINAL_GAP = 200n;
const FINAL_WAIT_MS = 60_000;

/**
 * Rebuilds a projection from the start of the log into a scratch schema and compares every table with live. The
 * scratch copy is held at the live runner's positions (it never applies past them) so both sides describe the
 * same prefix of the log; the comparison runs while the live runner is paused at those positions.
 */
export async function verifyProjection(options: VerifyOptions): Promise<VerifyReport> {
  const { projection, target, dataSource } = options;
  const schema = sandboxSchemaName('verify', target, projection.version);
  const lock = await RunLock.tryTake(dataSource, [RunLock.forSchema(schema)]);
  if (!lock) throw new RebuildInProgressError(target.name);
  const pool = pooledSql(dataSource);
  const info: SandboxInfo = {
    shopstream: 'sandbox',
    kind: 'verify',
    projection: target.name,
    version: projection.version,
    instance: schema,
    status: 'running',
    startedAt: new Date().toISOString(),
    from: 'earliest',
  };
  try {
    await dropAbandonedSandboxes(
      dataSource,
      pool,
      (s) => s.kind === 'verify' && s.projection === target.name,
    );
    const starts = await startPositions(options.brokers, target.topics, { kind: 'earliest' });
    const limits: Positions = new Map(starts);
    const follow = (live: Positions) => {
      for (const [slot, offset] of live) limits.set(slot, offset);
    };
    follow(await readPositions(pool, target.name, projection.version));
    const scratch = new ShadowRun({
      ...options,
      topics: target.topics,
      schema,
      info,
      mode: 'rebuild',
      starts,
      stopBefore: (topic, partition) => limits.get(slotOf(topic, partition)),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    try {
      await scratch.start();
      // Follow the moving live positions until the last stretch is short enough to cover with live paused.
      for (;;) {
        await scratch.until((positions) => reached(positions, limits, starts));
        const live = await readPositions(pool, target.name, projection.version);
        const gap = eventsBehind(new Map(limits), live, starts);
        follow(live);
        if (gap <= FINAL_GAP) break;
      }
      scratch.phase = 'comparing';
      return await inTransaction(dataSource, async (sql) => {
        await sql.query('select pg_advisory_xact_lock(hashtext($1))', [
          deadLetterLockKey(target.name, projection.version),
        ]);
        follow(await readPositions(sql, target.name, projection.version));
        const ok = await scratch.until((positions) => reached(positions, limits, starts), {
          intervalMs: 100,
          timeoutMs: FINAL_WAIT_MS,
        });
        if (!ok) throw new SwapTimeoutError(target.name, FINAL_WAIT_MS / 1000);
        await scratch.stop();
        const tables: TableComparison[] = [];
        for (const t of projection.tables)
          tables.push(await compareTable(sql, t.name, target.schema, schema, options.limit));
        return {
          projection: target.name,
          version: projection.version,
          equal: tables.every((t) => t.equal),
          positions: Object.fromEntries([...limits].map(([slot, offset]) => [slot, offset.toString()])),
          tables,
        };
      });
    } finally {
      await scratch.stop();
      await dropSandbox(pool, { ...info, schema });
    }
  } finally {
    await lock.release();
  }
}
