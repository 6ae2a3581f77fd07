import { DataSource } from 'typeorm';
import { pooledSql } from '@shopstream/database';
import { fetchPartitionOffsets } from '@shopstream/kafka';
import { readAllCheckpoints } from '../checkpoints/checkpoint-store';
import { countParked } from '../dead-letters/dead-letter-store';
import { Projection } from '../definition/projection';
import { topicsOf } from '../definition/projection-instance';
import { projectionStatus, ProjectionStatus } from './projection-status';

/** Status of every projection: checkpoints and dead letters from PostgreSQL, log ends from Kafka. */
export async function loadProjectionStatuses(options: {
  dataSource: DataSource;
  brokers: readonly string[];
  projections: readonly Projection[];
  stallAfterMs: number;
}): Promise<ProjectionStatus[]> {
  const { dataSource, projections } = options;
  const topics = [...new Set(projections.flatMap(topicsOf))];
  const logEnds = await fetchPartitionOffsets(options.brokers, topics);
  const sql = pooledSql(dataSource);
  const checkpoints = await readAllCheckpoints(sql);
  const parked = await countParked(sql);
  const now = new Date();
  return projections.map((p) => {
    const own = new Set(topicsOf(p));
    return projectionStatus({
      projection: p.name,
      version: p.version,
      checkpoints: checkpoints
        .filter((c) => c.projection === p.name && c.version === p.version)
        .map((c) => ({
          topic: c.topic,
          partition: c.partition,
          nextOffset: c.nextOffset.toString(),
          updatedAt: c.updatedAt,
        })),
      logEnds: logEnds.filter((e) => own.has(e.topic)),
      deadLetters: parked.find((d) => d.projection === p.name && d.version === p.version)?.parked ?? 0,
      now,
      stallAfterMs: options.stallAfterMs,
    });
  });
}
