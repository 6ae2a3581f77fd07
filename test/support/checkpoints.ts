import { DataSource } from 'typeorm';

/** Offsets a projection instance has checkpointed, summed over partitions: the events it applied from 0. */
export async function checkpointed(dataSource: DataSource, name: string): Promise<number> {
  const [row] = await dataSource.query(
    'select coalesce(sum(next_offset), 0)::int as n from projection_checkpoints where projection = $1',
    [name],
  );
  return row.n as number;
}
