import { SqlExecutor } from '@shopstream/database';
import { partitionHasParkedByOthers } from '../dead-letters/dead-letter-store';
import { CheckpointMovedError } from './checkpoint.errors';

/*
 * The one owner of public.projection_checkpoints: where each runner instance (a projection's live tables, a
 * rebuild's shadow, a replay's sandbox) stands in each partition. Every statement on that table is here.
 */

/** Where a projection instance stands in one partition: the offset of the next record to apply. */
export interface Checkpoint {
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: bigint;
}

/** A checkpoint with the instance it belongs to and when it last moved, for status reports. */
export interface CheckpointRecord extends Checkpoint {
  readonly projection: string;
  readonly version: number;
  readonly updatedAt: Date;
}

export interface CheckpointAdvance {
  readonly topic: string;
  readonly partition: number;
  /** Where the batch starts: the checkpoint must still say so, or someone else has moved it meanwhile. */
  readonly fromOffset: string;
  /** Offset of the next record to read: last applied + 1. */
  readonly nextOffset: string;
  /**
   * The batch was sorted out believing the partition has nothing parked: a dead letter of it that another process
   * wrote meanwhile counts as a moved checkpoint, so the lane sorts the batch out again behind it.
   */
  readonly noneParked?: boolean;
}

/** The partitions a batch moves, all saved in the batch's transaction. */
export interface CheckpointSave {
  readonly projectionName: string;
  readonly projectionVersion: number;
  readonly advances: readonly CheckpointAdvance[];
}

/** A projection instance: the name and version its checkpoints are kept under. */
export interface CheckpointOwner {
  readonly name: string;
  readonly version: number;
}

/** Where an instance stands in one partition; 0 (the start of the log) when it has never applied any of it. */
export async function readCheckpoint(
  sql: SqlExecutor,
  owner: CheckpointOwner,
  topic: string,
  partition: number,
): Promise<bigint> {
  const [row] = await sql.query<{ next_offset: string }>(
    `select next_offset::text from public.projection_checkpoints
      where projection = $1 and version = $2 and topic = $3 and partition = $4`,
    [owner.name, owner.version, topic, partition],
  );
  return row ? BigInt(row.next_offset) : 0n;
}

/** Every checkpoint of one instance. */
export async function readCheckpoints(sql: SqlExecutor, owner: CheckpointOwner): Promise<Checkpoint[]> {
  const rows = await sql.query<{ topic: string; partition: number; next_offset: string }>(
    `select topic, partition, next_offset::text from public.projection_checkpoints
      where projection = $1 and version = $2`,
    [owner.name, owner.version],
  );
  return rows.map((r) => ({ topic: r.topic, partition: r.partition, nextOffset: BigInt(r.next_offset) }));
}

/** Every checkpoint kept under `name`, whatever its version. */
export async function readCheckpointsNamed(sql: SqlExecutor, name: string): Promise<Checkpoint[]> {
  const rows = await sql.query<{ topic: string; partition: number; next_offset: string }>(
    'select topic, partition, next_offset::text from public.projection_checkpoints where projection = $1',
    [name],
  );
  return rows.map((r) => ({ topic: r.topic, partition: r.partition, nextOffset: BigInt(r.next_offset) }));
}

/** Every checkpoint of every instance. */
export async function readAllCheckpoints(sql: SqlExecutor): Promise<CheckpointRecord[]> {
  const rows = await sql.query<{
    projection: string;
    version: number;
    topic: string;
    partition: number;
    next_offset: string;
    updated_at: Date;
  }>(
    'select projection, version, topic, partition, next_offset::text, updated_at from public.projection_checkpoints',
  );
  return rows.map((r) => ({
    projection: r.projection,
    version: r.version,
    topic: r.topic,
    partition: r.partition,
    nextOffset: BigInt(r.next_offset),
    updatedAt: r.updated_at,
  }));
}

/**
 * For each of `partitions` of `topic`, the earliest checkpoint among `owners` (0 for an owner without one): where a
 * consumer feeding all of them must read from.
 */
export async function earliestCheckpoints(
  sql: SqlExecutor,
  topic: string,
  partitions: readonly number[],
  owners: readonly CheckpointOwner[],
): Promise<Checkpoint[]> {
  const rows = await sql.query<{ partition: number; next_offset: string }>(
    `select p.partition, min(coalesce(c.next_offset, 0))::text as next_offset
       from unnest($2::int[]) as p (partition)
       cross join unnest($3::text[], $4::int[]) as l (projection, version)
       left join public.projection_checkpoints c
         on c.projection = l.projection and c.version = l.version and c.topic = $1 and c.partition = p.partition
      group by p.partition`,
    [topic, partitions, owners.map((o) => o.name), owners.map((o) => o.version)],
  );
  return rows.map((r) => ({ topic, partition: r.partition, nextOffset: BigInt(r.next_offset) }));
}

/** Sets an instance's checkpoints to `checkpoints` (one statement), so its runner starts exactly there. */
export async function writeCheckpoints(
  sql: SqlExecutor,
  owner: CheckpointOwner,
  checkpoints: readonly Checkpoint[],
): Promise<void> {
  if (checkpoints.length === 0) return;
  await sql.query(
    `insert into public.projection_checkpoints (projection, version, topic, partition, next_offset, updated_at)
     select $1, $2, s.topic, s.partition, s.next_offset::bigint, now()
       from unnest($3::text[], $4::int[], $5::text[]) as s (topic, partition, next_offset)
     on conflict (projection, version, topic, partition)
     do update set next_offset = excluded.next_offset, updated_at = now()`,
    [
      owner.name,
      owner.version,
      checkpoints.map((c) => c.topic),
      checkpoints.map((c) => c.partition),
      checkpoints.map((c) => c.nextOffset.toString()),
    ],
  );
}

/** Which versions of the named instances a delete removes: one, those below one, or all. */
export type VersionsToDelete = { readonly version: number } | { readonly below: number } | 'all';

/** Deletes checkpoints of the named instances; returns how many were deleted. */
export async function deleteCheckpoints(
  sql: SqlExecutor,
  names: readonly string[],
  versions: VersionsToDelete,
): Promise<number> {
  const [condition, params] =
    versions === 'all'
      ? ['true', []]
      : 'version' in versions
        ? ['version = $2', [versions.version]]
        : ['version < $2', [versions.below]];
  const deleted = await sql.query<{ partition: number }>(
    `delete from public.projection_checkpoints where projection = any($1::text[]) and ${condition} returning partition`,
    [names, ...params],
  );
  return deleted.length;
}

/** One partition of one projection whose position a reader waits on. */
export interface ProjectionSlot {
  readonly projection: string;
  readonly topic: string;
  readonly partition: number;
}

/**
 * Where each slot's active version stands (the next offset it will apply), in one statement for every slot a set
 * of readers waits on; a slot with no checkpoint yet is absent. The processor registers no active version (it is
 * never rebuilt): its checkpoints count whatever their version, the least advanced one if it ever has two.
 */
export async function appliedPositions(
  sql: SqlExecutor,
  slots: readonly ProjectionSlot[],
): Promise<{ slot: ProjectionSlot; nextOffset: bigint }[]> {
  if (slots.length === 0) return [];
  const rows = await sql.query<{ projection: string; topic: string; partition: number; next_offset: string }>(
    `select c.projection, c.topic, c.partition, min(c.next_offset)::text as next_offset
     from public.projection_checkpoints c
     join unnest($1::text[], $2::text[], $3::int[]) as w (projection, topic, partition)
       on w.projection = c.projection and w.topic = c.topic and w.partition = c.partition
     left join public.projection_versions v on v.projection = c.projection
     where v.active_version is null or v.active_version = c.version
     group by c.projection, c.topic, c.partition`,
    [slots.map((s) => s.projection), slots.map((s) => s.topic), slots.map((s) => s.partition)],
  );
  return rows.map((r) => ({
    slot: { projection: r.projection, topic: r.topic, partition: Number(r.partition) },
    nextOffset: BigInt(r.next_offset),
  }));
}

/**
 * Every slot of these projections' active versions with its next offset (the lowest where a rebuild's several
 * checkpoints overlap): a value read after this reflects at least these positions.
 */
export async function appliedPositionsOf(
  sql: SqlExecutor,
  projections: readonly string[],
): Promise<{ slot: ProjectionSlot; nextOffset: bigint }[]> {
  if (projections.length === 0) return [];
  const rows = await sql.query<{ projection: string; topic: string; partition: number; next_offset: string }>(
    `select c.projection, c.topic, c.partition, min(c.next_offset)::text as next_offset
     from public.projection_checkpoints c
     left join public.projection_versions v on v.projection = c.projection
     where c.projection = any($1::text[]) and (v.active_version is null or v.active_version = c.version)
     group by c.projection, c.topic, c.partition`,
    [projections],
  );
  return rows.map((r) => ({
    slot: { projection: r.projection, topic: r.topic, partition: Number(r.partition) },
    nextOffset: BigInt(r.next_offset),
  }));
}

/**
 * Moves a batch's checkpoints inside its transaction, in one statement; CheckpointMovedError when one is no longer
 * where the batch started (the transaction must then roll back).
 */
export async function saveCheckpoints(sql: SqlExecutor, checkpoint: CheckpointSave): Promise<void> {
  if (checkpoint.advances.length === 0) return;
  const moved = await sql.query<{ topic: string; partition: number; next_offset: string }>(
    ...checkpointStatement(checkpoint, 'return'),
  );
  const first = moved[0];
  if (first) throw new CheckpointMovedError(first.topic, first.partition, BigInt(first.next_offset));
}

/**
 * The statement that saves a batch's checkpoints. It locks their rows (in key order, so two writers never wait on
 * each other in a cycle) and moves them only if each is still where the batch started. A moved one is either
 * returned (`select` its rows, the caller throws) or `raise`d, failing the transaction from inside: for a
 * transaction sent whole, COMMIT included.
 */
export function checkpointStatement(
  checkpoint: CheckpointSave,
  moved: 'return' | 'raise',
): [text: string, params: unknown[]] {
  const { advances } = checkpoint;
  const result =
    moved === 'return'
      ? 'select topic, partition, next_offset::text from moved'
      : 'select public.shopstream_checkpoint_moved(topic, partition, next_offset) from moved';
  return [
    `with expected as (
       select * from unnest($3::text[], $4::int[], $5::bigint[], $6::bigint[], $7::boolean[])
         as e (topic, partition, from_offset, next_offset, none_parked)
     ), current as materialized (
       select c.topic, c.partition, c.next_offset from public.projection_checkpoints c
       join expected e on e.topic = c.topic and e.partition = c.partition
       where c.projection = $1 and c.version = $2
       order by c.topic, c.partition
       for update of c
     ), moved as materialized (
       select c.topic, c.partition, c.next_offset from current c
       join expected e on e.topic = c.topic and e.partition = c.partition
       where c.next_offset <> e.from_offset
          or (e.none_parked and ${partitionHasParkedByOthers('$1', '$2', 'e.topic', 'e.partition')})
     ), saved as (
       insert into public.projection_checkpoints (projection, version, topic, partition, next_offset, updated_at)
       select $1, $2, e.topic, e.partition, e.next_offset, now() from expected e
       where not exists (select 1 from moved)
       on conflict (projection, version, topic, partition)
       do update set next_offset = excluded.next_offset, updated_at = now()
     )
     ${result}`,
    [
      checkpoint.projectionName,
      checkpoint.projectionVersion,
      advances.map((a) => a.topic),
      advances.map((a) => a.partition),
      advances.map((a) => a.fromOffset),
      advances.map((a) => a.nextOffset),
      advances.map((a) => a.noneParked === true),
    ],
  ];
}
