import { inTransaction, SqlExecutor } from '@shopstream/database';
import { DataSource } from 'typeorm';
import { deadLetterLockKey } from '../dead-letters/dead-letter-store';
import { Projection } from '../definition/projection';
import { LiveTarget } from './live-target';
import { parseSlot, Positions, readCheckpoints, reached } from './partition-positions';
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
  target: LiveTarget,
  shadow: ShadowRun,
): Promise<SwapResult> {
  const [result] = await swapInAll(dataSource, [{ projection, target, shadow }]);
  return result!;
}

/** A caught-up shadow and the live instance it replaces. */
export interface SwapMember {
  readonly projection: Projection;
  readonly target: LiveTarget;
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
      const live = await readCheckpoints(sql, target.name, projection.version);
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

const retiredOf = (target: LiveTarget) => `${target.schema}_retired`.slice(0, 63);

/** Renames the shadow's schema to the live name, takes over checkpoints and dead letters, re-points the views. */
async function takeOver(sql: SqlExecutor, { projection, target, shadow }: SwapMember): Promise<Positions> {
  const version = projection.version;
  const retired = retiredOf(target);
  const positions = new Map(shadow.options.starts);
  for (const [slot, offset] of await readCheckpoints(sql, shadow.instance, version))
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
  await takeOverCheckpoints(sql, target.name, shadow.instance, version, positions);
  await takeOverDeadLetters(sql, target.name, shadow.instance, version);
  await pointViews(sql, projection, target.schema, target.viewsSchema);
  await sql.query(
    `insert into public.projection_versions (projection, active_version) values ($1, $2)
       on conflict (projection) do update set active_version = excluded.active_version, activated_at = now()`,
    [target.name, version],
  );
  return positions;
}

async function takeOverCheckpoints(
  sql: SqlExecutor,
  live: string,
  shadow: string,
  version: number,
  positions: Positions,
): Promise<void> {
  await sql.query('delete from public.projection_checkpoints where projection = any($1) and version = $2', [
    [live, shadow],
    version,
  ]);
  // One statement for every partition: the live runner is paused until this transaction commits.
  const slots = [...positions].map(([slot, offset]) => ({ ...parseSlot(slot), offset: offset.toString() }));
  await sql.query(
    `insert into public.projection_checkpoints (projection, version, topic, partition, next_offset, updated_at)
     select $1, $2, s.topic, s.partition, s.next_offset::bigint, now()
       from unnest($3::text[], $4::int[], $5::text[]) as s (topic, partition, next_offset)`,
    [live, version, slots.map((s) => s.topic), slots.map((s) => s.partition), slots.map((s) => s.offset)],
  );
}

/**
 * The live dead letters described the old tables; the shadow parked (or applied) those same events again, so its
 * dead letters are the ones that now match the tables. Redriven and discarded history of live stays.
 */
async function takeOverDeadLetters(
  sql: SqlExecutor,
  live: string,
  shadow: string,
  version: number,
): Promise<void> {
  await sql.query(
    `delete from public.projection_dead_letters l where l.projection = $1 and l.version = $3
       and (l.status = 'PARKED' or exists (select 1 from public.projection_dead_letters s
         where s.projection = $2 and s.version = $3 and s.topic = l.topic and s.partition = l.partition and s."offset" = l."offset"))`,
    [live, shadow, version],
  );
  await sql.query(
    'update public.projection_dead_letters set projection = $1 where projection = $2 and version = $3',
    [live, shadow, version],
  );
}
