import { ProjectedEvent, Projection, SqlExecutor } from '../definition/projection';

export interface CheckpointAdvance {
  readonly topic: string;
  readonly partition: number;
  /** Offset of the next record to read: last applied + 1. */
  readonly nextOffset: string;
}

const eventIdOf = (e: ProjectedEvent<unknown>): string => {
  const metadata = (e.event as { metadata?: { eventId?: string } }).metadata;
  return metadata?.eventId ?? `${e.topic}/${e.partition}/${e.offset}`;
};

/**
 * Applies events to a projection inside the caller's transaction, search_path already on the projection's schema:
 * drops event ids seen before (a duplicate produced at another offset), applies the rest, then moves the
 * checkpoint. Read model and checkpoint commit together or not at all.
 */
export async function applyBatch(
  sql: SqlExecutor,
  projection: Projection,
  events: readonly ProjectedEvent<unknown>[],
  /** Null when redriving parked events: the partition's position is not theirs to move. */
  checkpoint:
    (CheckpointAdvance & { readonly projectionVersion: number; readonly projectionName: string }) | null,
): Promise<{ applied: number; duplicates: number }> {
  const wanted = new Set<string>(projection.events);
  const relevant = events.filter((e) => wanted.has((e.event as { type: string }).type));
  let fresh: ProjectedEvent<unknown>[] = [];
  if (relevant.length > 0) {
    const ids = relevant.map(eventIdOf);
    const inserted = await sql.query<{ event_id: string }>(
      'insert into applied_events (event_id) select unnest($1::text[]) on conflict do nothing returning event_id',
      [ids],
    );
    const firstSeen = new Set(inserted.map((r) => r.event_id));
    // The same id twice within one batch: only its first occurrence is new.
    fresh = relevant.filter((e) => firstSeen.delete(eventIdOf(e)));
    if (fresh.length > 0) await projection.apply(fresh as never, sql);
  }
  if (checkpoint) await saveCheckpoint(sql, checkpoint);
  return { applied: fresh.length, duplicates: relevant.length - fresh.length };
}

async function saveCheckpoint(
  sql: SqlExecutor,
  checkpoint: CheckpointAdvance & { readonly projectionVersion: number; readonly projectionName: string },
): Promise<void> {
  await sql.query(
    `insert into public.projection_checkpoints (projection, version, topic, partition, next_offset, updated_at)
     values ($1, $2, $3, $4, $5, now())
     on conflict (projection, version, topic, partition) do update set next_offset = excluded.next_offset, updated_at = now()`,
    [
      checkpoint.projectionName,
      checkpoint.projectionVersion,
      checkpoint.topic,
      checkpoint.partition,
      checkpoint.nextOffset,
    ],
  );
}
