import { DataSource } from 'typeorm';
import { inTransaction, SqlExecutor, pooledSql } from '@shopstream/database';
import { createLogger, Logger } from '@shopstream/logging';
import { deleteCheckpoints } from '../checkpoints/checkpoint-store';
import { Projection } from '../definition/projection';
import { liveInstanceOf, ProjectionInstance } from '../definition/projection-instance';
import { ensureProjectionTables } from '../storage/projection-tables';
import { activateVersion, activeVersion } from '../versions/projection-versions-store';
import { eventsBehind, logBounds, readPositions } from './partition-positions';
import { pointViews } from './point-views';
import { quoteIdent } from './sandbox-registry';

export interface EnsureVersionOptions {
  readonly brokers: readonly string[];
  /** Isolated instance (SHOPSTREAM_PROJECTOR_NAMESPACE); null for the real one. */
  readonly namespace?: string | null;
  /** The new version takes over once it is at most this many events behind the head. */
  readonly maxGap?: number;
  readonly checkEveryMs?: number;
  /** The host's logger; one of component 'projections' when none is given. */
  readonly logger?: Logger;
}

const activateLockKey = (target: ProjectionInstance) => `shopstream-activate:${target.name}`;

/**
 * Makes the code's version of a projection the one queries read, without a manual step and without a gap:
 *   - no version active yet, or this one already: views point at this version now (as activateProjection does);
 *   - an older version active: its views stay while this version's runner (its own schema and consumer group)
 *     builds from the start of the log in the background; once it is caught up, one transaction re-points the views
 *     and records the version, and the old version's tables and checkpoints are dropped.
 * The old version's runner no longer exists (its code was replaced), so until the swap the views serve the old
 * tables as they were at deploy time. Returns the version serving the views now.
 */
export async function ensureCurrentVersion(
  dataSource: DataSource,
  projection: Projection,
  options: EnsureVersionOptions,
): Promise<number> {
  const target = liveInstanceOf(projection, options.namespace ?? null);
  const active = await inTransaction(dataSource, async (sql) => {
    await ensureProjectionTables(sql, projection, { schema: target.schema });
    await sql.query('select pg_advisory_xact_lock(hashtext($1))', [activateLockKey(target)]);
    const active = await activeVersion(sql, target.name);
    if (active !== null) return active;
    await promote(sql, projection, target);
    return projection.version;
  });
  if (active < projection.version) watchUntilCaughtUp(dataSource, projection, target, active, options);
  return active;
}

async function promote(sql: SqlExecutor, projection: Projection, target: ProjectionInstance) {
  await pointViews(sql, projection, target.schema, target.viewsSchema);
  await activateVersion(sql, target.name, projection.version);
}

/** Polls the new version's lag in the background; the timer never keeps the process alive on its own. */
function watchUntilCaughtUp(
  dataSource: DataSource,
  projection: Projection,
  target: ProjectionInstance,
  oldVersion: number,
  options: EnsureVersionOptions,
): void {
  const log = (options.logger ?? createLogger('projections')).child({ projection: target.name });
  const maxGap = BigInt(options.maxGap ?? 500);
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    if (!dataSource.isInitialized) return clearInterval(timer);
    busy = true;
    void (async () => {
      const { low, high } = await logBounds(options.brokers, target.topics);
      const positions = await readPositions(pooledSql(dataSource), target.name, projection.version);
      if (eventsBehind(positions, high, low) > maxGap) return;
      const swapped = await inTransaction(dataSource, async (sql) => {
        await sql.query('select pg_advisory_xact_lock(hashtext($1))', [activateLockKey(target)]);
        const active = await activeVersion(sql, target.name, { lock: true });
        if (active !== null && active >= projection.version) return false;
        await promote(sql, projection, target);
        return true;
      });
      clearInterval(timer);
      if (!swapped) return;
      const oldSchema = liveInstanceOf(
        { ...projection, version: oldVersion },
        options.namespace ?? null,
      ).schema;
      await inTransaction(dataSource, async (sql) => {
        await sql.query(`drop schema if exists ${quoteIdent(oldSchema)} cascade`);
        await deleteCheckpoints(sql, [target.name], { below: projection.version });
      });
      log.info(`v${projection.version} caught up; views now read it (v${oldVersion} dropped)`);
    })()
      .catch((error: unknown) => {
        if (dataSource.isInitialized) log.warn(`version check failed, will retry: ${String(error)}`);
      })
      .finally(() => (busy = false));
  }, options.checkEveryMs ?? 2_000);
  timer.unref();
  log.info(`v${projection.version} rebuilding in the background; views stay on v${oldVersion}`);
}
