import { DataSource } from 'typeorm';
import { fetchPartitionOffsets } from '@shopstream/kafka';
import { Projection } from '../definition/projection';
import { topicsOf } from '../run/projection-runner';
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
  const checkpoints: {
    projection: string;
    version: number;
    topic: string;
    partition: number;
    next_offset: string;
    updated_at: Date;
  }[] = await dataSource.query(
    'select projection, version, topic, partition, next_offset, updated_at from projection_checkpoints',
  );
  const parked: { projection: string; version: number; count: string }[] = await dataSource.query(
    `select projection, version, count(*) as count from projection_dead_letters where status = 'PARKED' group by projection, version`,
  );
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
          nextOffset: String(c.next_offset),
          updatedAt: c.updated_at,
        })),
      logEnds: logEnds.filter((e) => own.has(e.topic)),
      deadLetters: Number(parked.find((d) => d.projection === p.name && d.version === p.version)?.count ?? 0),
      now,
      stallAfterMs: options.stallAfterMs,
    });
  });
}
