import { DataSource } from 'typeorm';
import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { Projection, ProjectionMetrics, ProjectionRunner, topicsOf } from '@shopstream/projections';
import { Cleanup } from '../support/cleanup';
import { benchTopic } from '../support/event-set';

/** One isolated set of projection runners over this run's topics: its own schemas, checkpoints and groups. */
export interface RunnerSet {
  readonly prefix: string;
  readonly runners: readonly ProjectionRunner[];
  /** Records the set has applied so far: the sum of its checkpoints, since bench topics start at offset 0. */
  applied(): Promise<number>;
  /** Records it must apply to be at the end of the event set as counted now. */
  expected(countByTopic: ReadonlyMap<string, number>): number;
  stop(): Promise<void>;
}

export interface RunnerSetOptions {
  readonly dataSource: DataSource;
  readonly codec: EventCodec<ShopstreamEvent>;
  readonly brokers: readonly string[];
  readonly ns: string;
  /** Distinguishes this set's state from another set's over the same topics. */
  readonly tag: string;
  readonly projections: readonly Projection[];
  readonly maxBatchEvents?: number;
  /** Leave secondary indexes out (a rebuild's bulk load); `createIndexes` adds them afterwards. */
  readonly withoutIndexes?: boolean;
  readonly cleanup: Cleanup;
}

export const instanceName = (ns: string, tag: string, projection: string) => `${ns}_${tag}_${projection}`;

export async function startRunnerSet(options: RunnerSetOptions): Promise<RunnerSet> {
  const { dataSource, codec, brokers, ns, tag, projections, cleanup } = options;
  const prefix = `${ns}_${tag}_`;
  cleanup.add(`drop projection state ${prefix}*`, () => dropState(dataSource, prefix, projections, ns, tag));
  const metrics = new ProjectionMetrics();
  const runners: ProjectionRunner[] = [];
  for (const original of projections) {
    const projection = options.withoutIndexes
      ? { ...original, tables: original.tables.map((t) => ({ ...t, indexes: [] })) }
      : original;
    const name = instanceName(ns, tag, original.name);
    const runner = new ProjectionRunner({
      projection,
      dataSource,
      codec,
      brokers,
      metrics,
      clientId: `bench-${tag}-${original.name}`,
      ...(options.maxBatchEvents ? { maxBatchEvents: options.maxBatchEvents } : {}),
      instance: {
        name,
        schema: name,
        groupId: `bench-${ns}-${tag}-${original.name}`,
        topics: topicsOf(original).map((t) => benchTopic(t, ns)),
      },
    });
    runners.push(runner);
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(runners.map((r) => r.stop()));
  };
  cleanup.add(`stop runners ${prefix}*`, stop);
  await Promise.all(runners.map((r) => r.start()));
  return {
    prefix,
    runners,
    applied: async () => {
      const [row] = await dataSource.query<{ n: string }[]>(
        `select coalesce(sum(next_offset), 0)::bigint as n from public.projection_checkpoints where projection like $1`,
        [`${prefix.replace(/_/g, '\\_')}%`],
      );
      return Number(row?.n ?? 0);
    },
    expected: (countByTopic) =>
      projections.reduce(
        (sum, p) => sum + topicsOf(p).reduce((s, t) => s + (countByTopic.get(benchTopic(t, ns)) ?? 0), 0),
        0,
      ),
    stop,
  };
}

/** The secondary indexes a rebuild left out, created in each instance's schema. */
export async function createIndexes(
  dataSource: DataSource,
  ns: string,
  tag: string,
  projections: readonly Projection[],
): Promise<void> {
  await Promise.all(
    projections.map((p) =>
      dataSource.transaction(async (manager) => {
        await manager.query(`set local search_path to "${instanceName(ns, tag, p.name)}", public`);
        for (const table of p.tables) for (const index of table.indexes ?? []) await manager.query(index);
      }),
    ),
  );
}

async function dropState(
  dataSource: DataSource,
  prefix: string,
  projections: readonly Projection[],
  ns: string,
  tag: string,
): Promise<void> {
  for (const p of projections)
    await dataSource.query(`drop schema if exists "${instanceName(ns, tag, p.name)}" cascade`);
  const pattern = `${prefix.replace(/_/g, '\\_')}%`;
  await dataSource.query('delete from public.projection_checkpoints where projection like $1', [pattern]);
  await dataSource.query('delete from public.projection_dead_letters where projection like $1', [pattern]);
}
