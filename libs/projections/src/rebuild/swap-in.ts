import { inTransaction, SqlExecutor } from '@shopstream/database';
import { DataSource } from 'typeorm';
import { deleteCheckpoints, writeCheckpoints } from '../checkpoints/checkpoint-store';
import { deadLetterLockKey, takeOverDeadLetters } from '../dead-letters/dead-letter-store';
import { activateVersion } from '../versions/projection-versions-store';
import { Projection } from '../definition/projection';
import { ProjectionInstance } from '../definition/projection-instance';
import { parseSlot, Positions, readPositions, reached } from './partition-positions';
import { pointViews } from './point-views';
import { quoteIdent } from './sandbox-registry';
import { ShadowRun } from './shadow-run';
import { SwapTimeoutError } from './rebuild.errors';

export interface SwapResult {
  /** Positions the live runner continues from. */
  readonly positions: Positions;
  /** How long the live runner was paused, in ms. */
  readonly pausedMs: number;
  /** When the swap committed (epoch ms): queries read the new tables from then on; the old ones are dropped after. */
  readonly swappedAt: number;
}

/** Waiting for the shadow under the lock pauses the live runner (not queries); past this, give up and keep live. */
const SWAP_WAIT_MS = 60_000;

/**
 * Swaps a caught-up shadow in for the live tables in ONE transaction.
 *
 * The lock is the live runner's dead-letter advisory lock, which its every batch transaction takes shared: holding
 * it exclusively waits for the batch in flight and pauses the next one, so the live checkpoints stand still. The
 * shadow, still running, then reaches at least those positions; it is stopped, the schemas are renamed so the live
 * name holds the shadow's tables, the live checkpoints are rewritten to the shadow's positions (the live runner reads
 * its checkpoint row in every batch and follows it), and the views are re-pointed. Queries never see a missing view:
 * they wait on the view's lock for the few milliseconds of the rename, then read the new tables.
 */
export async function swapIn(
  dataSource: DataSource,
  projection: Projection,
  target: ProjectionInstance,
  shadow: ShadowRun,
): Promise<SwapResult> {
  const [result] = await swapInAll(dataSource, [{ projection, target, shadow }]);
  return result!;
}

/** A caught-up shadow and the live instance it replaces. */
export interface SwapMember {
  readonly projection: Projection;
  readonly target: ProjectionInstance;
  readonly shadow: ShadowRun;
}

/**
 * Swaps several shadows in, all in ONE transaction, as swapIn does one: the shadows of a rebuild of several
 * projections share one runner, so they stop together and take over together.
 */
export async function swapInAll(
  dataSource: DataSource,
  members: readonly SwapMember[],
): Promise<SwapResult[]> {
  // A fixed lock order: two swaps never wait on each other in a cycle.
  const sorted = [...members].sort((a, b) => (a.target.name < b.target.name ? -1 : 1));
  const results = await inTransaction(dataSource, async (sql) => {
    for (const { target, projection } of sorted)
      await sql.query('select pg_advisory_xact_lock(hashtext($1))', [
        deadLetterLockKey(target.name, projection.version),
      ]);
    const pausedAt = Date.now();
    for (const { target, projection, shadow } of sorted) {
      const live = await readPositions(sql, target.name, projection.version);
      const starts = shadow.options.starts;
      const caughtUp = await shadow.until((positions) => reached(positions, live, starts), {
        intervalMs: 100,
        timeoutMs: SWAP_WAIT_MS,
      });
      if (!caughtUp) throw new SwapTimeoutError(target.name, SWAP_WAIT_MS / 1000);
    }
    for (const { shadow } of sorted) await shadow.stop();
    // The shadows' own locks too: no batch of theirs can still be in flight when their schemas are renamed.
    for (const { shadow, projection } of sorted)
      await sql.query('select pg_advisory_xact_lock(hashtext($1))', [
        deadLetterLockKey(shadow.instance, projection.version),
      ]);
    const taken = new Map<SwapMember, Positions>();
    for (const member of sorted) taken.set(member, await takeOver(sql, member));
    const pausedMs = Date.now() - pausedAt;
    return members.map((m) => ({ positions: taken.get(m)!, pausedMs }));
  });
  const swappedAt = Date.now();
  // After the commit, outside the lock: a query still reading the old tables only delays this drop.
  for (const { target } of members)
    await inTransaction(dataSource, (sql) =>
      sql.query(`drop schema if exists ${quoteIdent(retiredOf(target))} cascade`),
    );
  return results.map((result) => ({ ...result, swappedAt }));
}

const retiredOf = (target: ProjectionInstance) => `${target.schema}_retired`.slice(0, 63);

/** Renames the shadow's schema to the live name, takes over checkpoints and dead letters, re-points the views. */
async function takeOver(sql: SqlExecutor, { projection, target, shadow }: SwapMember): Promise<Positions> {
  const version = projection.version;
  const retired = retiredOf(target);
  const positions = new Map(shadow.options.starts);
  for (const [slot, offset] of await readPositions(sql, shadow.instance, version))
    positions.set(slot, offset);
  await sql.query(`drop schema if exists ${quoteIdent(retired)} cascade`);
  const [exists] = await sql.query<{ found: boolean }>(
    'select exists (select 1 from pg_namespace where nspname = $1) as found',
    [target.schema],
  );
  if (exists?.found)
    await sql.query(`alter schema ${quoteIdent(target.schema)} rename to ${quoteIdent(retired)}`);
  await sql.query(`alter schema ${quoteIdent(shadow.options.schema)} rename to ${quoteIdent(target.schema)}`);
  // The comment marked it a sandbox; the live schema must never be listed, or dropped, as one.
  await sql.query(`comment on schema ${quoteIdent(target.schema)} is null`);
  // One statement for every partition: the live runner is paused until this transaction commits.
  await deleteCheckpoints(sql, [target.name, shadow.instance], { version });
  await writeCheckpoints(
    sql,
    { name: target.name, version },
    [...positions].map(([slot, nextOffset]) => ({ ...parseSlot(slot), nextOffset })),
  );
  await takeOverDeadLetters(sql, target.name, shadow.instance, version);
  await pointViews(sql, projection, target.schema, target.viewsSchema);
  await activateVersion(sql, target.name, version);
  return positions;
}
