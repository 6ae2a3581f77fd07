import { DataSource } from 'typeorm';
import { pooledSql } from '@shopstream/database';
import { readCheckpointsNamed } from '@shopstream/projections';

/** Offsets a projection instance has checkpointed, summed over partitions: the events it applied from 0. */
export async function checkpointed(dataSource: DataSource, name: string): Promise<number> {
  const checkpoints = await readCheckpointsNamed(pooledSql(dataSource), name);
  return Number(checkpoints.reduce((sum, c) => sum + c.nextOffset, 0n));
}
