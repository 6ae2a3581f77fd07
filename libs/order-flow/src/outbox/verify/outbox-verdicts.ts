import { PublishedPosition, PublishedRow } from '../outbox-store';

export interface LogPosition {
  readonly partition: number;
  readonly offset: string;
}

export interface OutboxVerdicts {
  /** In the log exactly where the row says. */
  readonly inPlace: number;
  /** In the log, but elsewhere than recorded (or with no position recorded): the row's position is corrected. */
  readonly misplaced: readonly PublishedPosition[];
  /** Marked published but in no partition of its topic: published again. */
  readonly missing: readonly PublishedRow[];
  /** Events found more than once in the log (written twice by a retry), by event id. */
  readonly duplicated: ReadonlyMap<string, readonly LogPosition[]>;
}

/** Compares published outbox rows with where their event ids were found in the log. */
export function judgeOutbox(
  rows: readonly PublishedRow[],
  found: ReadonlyMap<string, readonly LogPosition[]>,
): OutboxVerdicts {
  let inPlace = 0;
  const misplaced: PublishedPosition[] = [];
  const missing: PublishedRow[] = [];
  const duplicated = new Map<string, readonly LogPosition[]>();
  for (const row of rows) {
    const positions = found.get(row.eventId) ?? [];
    if (positions.length > 1) duplicated.set(row.eventId, positions);
    const first = positions[0];
    if (!first) missing.push(row);
    else if (positions.some((p) => p.partition === row.partition && p.offset === row.offset)) inPlace++;
    else misplaced.push({ id: row.id, partition: first.partition, offset: first.offset });
  }
  return { inPlace, misplaced, missing, duplicated };
}
