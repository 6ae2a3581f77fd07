import { SqlExecutor } from '@shopstream/database';
import { CheckpointSave, saveCheckpoints } from '../checkpoints/checkpoint-store';
import { ProjectedEvent, Projection } from '../definition/projection';

/** What a transaction applied: events new to the projection, and events it had applied before (skipped). */
export interface ApplyResult {
  readonly applied: number;
  readonly duplicates: number;
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
): Promise<ApplyResult> {
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
  if (checkpoint) await saveCheckpoints(sql, checkpoint);
  return { applied: fresh.length, duplicates: relevant.length - fresh.length };
}
