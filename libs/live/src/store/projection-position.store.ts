import { Pool, PoolClient } from 'pg';

export interface ProjectionPosition {
  /** The active version and when it became active: a rebuild swap changes it. */
  readonly epoch: string;
  readonly version: number;
  /** Next offset not yet applied, per partition of the topic; a partition never applied is at 0. */
  readonly offsets: readonly bigint[];
}

/** Reads public.projection_versions and public.projection_checkpoints, which the projection engine writes. */
export class ProjectionPositionStore {
  constructor(private readonly pool: Pool) {}

  /** Where `projection` stands on `topic`, or null while it has no active version (the projector never ran). */
  async read(
    projection: string,
    topic: string,
    partitions: number,
    client: Pool | PoolClient = this.pool,
  ): Promise<ProjectionPosition | null> {
    const { rows } = await client.query<{
      version: number;
      activated_ms: string;
      partition: number | null;
      next_offset: string | null;
    }>(
      `select v.active_version as version,
              (extract(epoch from v.activated_at) * 1000)::bigint::text as activated_ms,
              c.partition, c.next_offset::text
         from public.projection_versions v
         left join public.projection_checkpoints c
           on c.projection = v.projection and c.version = v.active_version and c.topic = $2
        where v.projection = $1`,
      [projection, topic],
    );
    const first = rows[0];
    if (!first) return null;
    const offsets = Array.from({ length: partitions }, () => 0n);
    for (const row of rows)
      if (row.partition !== null && row.next_offset !== null && row.partition < partitions)
        offsets[row.partition] = BigInt(row.next_offset);
    return { epoch: `v${first.version}-${first.activated_ms}`, version: first.version, offsets };
  }
}
