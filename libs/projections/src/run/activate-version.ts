import { DataSource } from 'typeorm';
import { Projection, projectionSchema } from '../definition/projection';
import { ensureProjectionTables, publishViews } from '../storage/projection-tables';
import { inTransaction } from '../storage/transaction';

/**
 * Makes sure read_models.<table> views exist for a projection. The first version of a projection serves its views
 * from the start (it fills while it catches up); a version that is already active is left alone.
 * Returns the version that serves the views.
 */
export async function activateProjection(dataSource: DataSource, projection: Projection): Promise<number> {
  return inTransaction(dataSource, async (sql) => {
    const schema = await ensureProjectionTables(sql, projection);
    await sql.query('select pg_advisory_xact_lock(hashtext($1))', [`shopstream-activate:${projection.name}`]);
    const [row] = await sql.query<{ active_version: number }>(
      'select active_version from projection_versions where projection = $1',
      [projection.name],
    );
    if (row && row.active_version >= projection.version) return row.active_version;
    await publishViews(sql, projection, schema);
    await sql.query(
      `insert into projection_versions (projection, active_version) values ($1, $2)
       on conflict (projection) do update set active_version = excluded.active_version, activated_at = now()`,
      [projection.name, projection.version],
    );
    return projection.version;
  });
}

export const liveSchemaOf = (projection: Projection) => projectionSchema(projection.name, projection.version);
