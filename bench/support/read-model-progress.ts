import { DataSource } from 'typeorm';
import { Projection, topicsOf } from '@shopstream/projections';
import { benchTopic } from './event-set';

/** How far some read-model instances over this run's topics have got, from their checkpoints. */
export interface ReadModelProgress {
  /** Records applied so far, summed over the instances: bench topics start at offset 0. */
  applied(): Promise<number>;
  /** Records they must apply to be at the end of what has been produced, as counted now. */
  expected(countByTopic: ReadonlyMap<string, number>): number;
}

export function readModelProgress(
  dataSource: DataSource,
  ns: string,
  instances: readonly { projection: Projection; name: string }[],
): ReadModelProgress {
  const names = instances.map((i) => i.name);
  return {
    applied: async () => {
      const [row] = await dataSource.query<{ n: string }[]>(
        'select coalesce(sum(next_offset), 0)::bigint as n from public.projection_checkpoints where projection = any($1)',
        [names],
      );
      return Number(row?.n ?? 0);
    },
    expected: (countByTopic) =>
      instances.reduce(
        (sum, { projection }) =>
          sum + topicsOf(projection).reduce((s, t) => s + (countByTopic.get(benchTopic(t, ns)) ?? 0), 0),
        0,
      ),
  };
}
