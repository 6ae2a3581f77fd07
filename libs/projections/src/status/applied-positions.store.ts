import { SqlExecutor } from '../definition/projection';

/** One partition of one projection instance (its live name, as its checkpoints are kept). */
export interface ProjectionSlot {
  readonly projection: string;
  readonly topic: string;
  readonly partition: number;
}

/**
 * Reads how far projections have applied, for the read-your-writes wait. Only this file's SQL reads
 * projection_checkpoints for that purpose, so it can fold into the engine's checkpoint store as one method.
 */
export class AppliedPositionsStore {
  constructor(private readonly sql: SqlExecutor) {}

  /**
   * The next offset each slot's active version will apply, in one statement for every slot; a slot with no
   * checkpoint yet is absent. A projection without a registered active version (the processor) counts its least
   * advanced checkpoint.
   */
  async nextOffsets(slots: readonly ProjectionSlot[]): Promise<Map<string, bigint>> {
    if (slots.length === 0) return new Map();
    const rows = await this.sql.query<{
      projection: string;
      topic: string;
      partition: number;
      next_offset: string;
    }>(
      `select c.projection, c.topic, c.partition, min(c.next_offset)::text as next_offset
       from public.projection_checkpoints c
       join unnest($1::text[], $2::text[], $3::int[]) as w (projection, topic, partition)
         on w.projection = c.projection and w.topic = c.topic and w.partition = c.partition
       left join public.projection_versions v on v.projection = c.projection
       where v.active_version is null or v.active_version = c.version
       group by c.projection, c.topic, c.partition`,
      [slots.map((s) => s.projection), slots.map((s) => s.topic), slots.map((s) => s.partition)],
    );
    return new Map(
      rows.map((r) => [
        slotKey({ projection: r.projection, topic: r.topic, partition: Number(r.partition) }),
        BigInt(r.next_offset),
      ]),
    );
  }
}

export const slotKey = (s: ProjectionSlot): string => `${s.projection}\u0000${s.topic}\u0000${s.partition}`;
