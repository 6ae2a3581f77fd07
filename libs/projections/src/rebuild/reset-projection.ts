import { inTransaction } from '@shopstream/database';
import { DataSource } from 'typeorm';
import { deleteCheckpoints } from '../checkpoints/checkpoint-store';
import { deadLetterLockKey } from '../dead-letters/dead-letter-store';
import { forgetActiveVersion } from '../versions/projection-versions-store';
import { Projection } from '../definition/projection';
import { ProjectionInstance } from '../definition/projection-instance';
import { quoteIdent } from './sandbox-registry';

export interface ResetSummary {
  readonly projection: string;
  readonly droppedSchema: string;
  readonly checkpointsDeleted: number;
}

/**
 * Drops a projection's live tables, its views, its checkpoints and its projection_versions row, in one transaction:
 * on its next start the projector creates the tables again and rebuilds from the start of the log. Dead letters
 * stay (they record what happened). Run it with the projector stopped: a running live runner would keep its
 * in-memory position and apply only the newest events into the recreated tables.
 */
export async function resetProjection(
  dataSource: DataSource,
  projection: Projection,
  target: ProjectionInstance,
): Promise<ResetSummary> {
  return inTransaction(dataSource, async (sql) => {
    await sql.query('select pg_advisory_xact_lock(hashtext($1))', [
      deadLetterLockKey(target.name, projection.version),
    ]);
    for (const table of projection.tables)
      await sql.query(`drop view if exists ${quoteIdent(target.viewsSchema)}.${quoteIdent(table.name)}`);
    await sql.query(`drop schema if exists ${quoteIdent(target.schema)} cascade`);
    const deleted = await deleteCheckpoints(sql, [target.name], { version: projection.version });
    await forgetActiveVersion(sql, target.name);
    return { projection: target.name, droppedSchema: target.schema, checkpointsDeleted: deleted };
  });
}
