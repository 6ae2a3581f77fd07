import { SqlExecutor } from '@shopstream/database';
import { partitionHasParked } from '../dead-letters/dead-letter-store';
import { ProjectedEvent, Projection } from '../definition/projection';

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

/**
 * A checkpoint no longer where the batch started (a rebuild swapped in, a reset, another instance applied the
 * partition first): the batch's transaction must roll back, and the runner resume from `checkpoint`.
 */
export class CheckpointMovedError extends Error {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly checkpoint: bigint,
  ) {
    super(`checkpoint of ${topic}/${partition} moved to ${checkpoint}`);
  }
}

/** The partitions a batch moves, all saved in the batch's transaction. */
export interface CheckpointSave {
  readonly projectionName: string;
  readonly projectionVersion: number;
  readonly advances: readonly CheckpointAdvance[];
}

export const appliedEventId = (e: ProjectedEvent<unknown>): string => {
  const metadata = (e.event as { metadata?: { eventId?: string } }).metadata;
  return metadata?.eventId ?? `${e.topic}/${e.partition}/${e.offset}`;
};

/** The events of a batch that the projection reads. */
export function eventsReadBy(projection: Projection, events: readonly ProjectedEvent<unknown>[]) {
  const wanted = new Set<string>(projection.events);
  return events.filter((e) => wanted.has((e.event as { type: string }).type));
}

/**
 * Applies events to a projection inside the caller's transaction, search_path already on the projection's schema:
 * drops event ids seen before (a duplicate produced at another offset; an idempotent projection drops them itself,
 * so it is handed every event), applies the rest, then moves the
 * checkpoints, throwing CheckpointMovedError if one is no longer where the batch started. Read model and
 * checkpoints commit together or not at all.
 */
export async function applyBatch(
  sql: SqlExecutor,
  projection: Projection,
  events: readonly ProjectedEvent<unknown>[],
  /** Null when redriving parked events: the partition's position is not theirs to move. */
  checkpoint: CheckpointSave | null,
): Promise<{ applied: number; duplicates: number }> {
  const relevant = eventsReadBy(projection, events);
  let fresh = relevant;
  if (relevant.length > 0 && !projection.idempotent) {
    const ids = relevant.map(appliedEventId);
    const inserted = await sql.query<{ event_id: string }>(
      'insert into applied_events (event_id) select unnest($1::text[]) on conflict do nothing returning event_id',
      [ids],
    );
    const firstSeen = new Set(inserted.map((r) => r.event_id));
    // The same id twice within one batch: only its first occurrence is new.
    fresh = relevant.filter((e) => firstSeen.delete(appliedEventId(e)));
  }
  if (fresh.length > 0) await projection.apply(fresh as never, sql);
  if (checkpoint && checkpoint.advances.length > 0) await saveCheckpoints(sql, checkpoint);
  return { applied: fresh.length, duplicates: relevant.length - fresh.length };
}

/**
 * One statement, one round trip, for every partition of the batch: locks their checkpoint rows (in key order, so two
 * writers never wait on each other in a cycle), and moves them only if each is still where the batch started.
 */
async function saveCheckpoints(sql: SqlExecutor, checkpoint: CheckpointSave): Promise<void> {
  const moved = await sql.query<{ topic: string; partition: number; next_offset: string }>(
    ...checkpointStatement(checkpoint, 'return'),
  );
  const first = moved[0];
  if (first) throw new CheckpointMovedError(first.topic, first.partition, BigInt(first.next_offset));
}

/**
 * The statement that saves a batch's checkpoints. A moved one is either returned (`select` its rows, the caller
 * throws) or `raise`d, failing the transaction from inside: for a transaction sent whole, COMMIT included.
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
          or (e.none_parked and ${partitionHasParked('$1', '$2', 'e.topic', 'e.partition')})
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
