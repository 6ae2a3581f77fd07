import { pooledSql as poolExecutor } from '@shopstream/database';
import { DataSource } from 'typeorm';
import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import {
  dropSandbox,
  listSandboxes,
  ProjectionInstance,
  Projection,
  ProjectionMetrics,
  ProjectionRunner,
  topicsOf,
} from '@shopstream/projections';
import { Cleanup } from '../support/cleanup';
import { benchTopic } from '../support/event-set';
import { ReadModelProgress, readModelProgress } from '../support/read-model-progress';

/** One isolated runner over this run's topics for a set of read models: its own schemas, checkpoints and group. */
export interface RunnerSet extends ReadModelProgress {
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
  readonly cleanup: Cleanup;
}

const instanceName = (ns: string, tag: string, projection: string) => `${ns}_${tag}_${projection}`;

/** Views a rebuild's swap points at the set's tables; runner sets themselves create none. */
const viewsSchemaOf = (ns: string, tag: string) => `${ns}_${tag}_read_models`;

/**
 * A set's instance of `projection` as the rebuild library sees a live projection: the same name, schema and topics
 * its runner uses, so a rebuild swaps into exactly the tables and checkpoints the set's runners read.
 */
export function benchLiveTarget(ns: string, tag: string, projection: Projection): ProjectionInstance {
  const name = instanceName(ns, tag, projection.name);
  return {
    name,
    schema: name,
    topics: topicsOf(projection).map((t) => benchTopic(t, ns)),
    viewsSchema: viewsSchemaOf(ns, tag),
  };
}

export async function startRunnerSet(options: RunnerSetOptions): Promise<RunnerSet> {
  const { dataSource, codec, brokers, ns, tag, projections, cleanup } = options;
  const prefix = `${ns}_${tag}_`;
  cleanup.add(`drop projection state ${prefix}*`, () => dropState(dataSource, prefix, projections, ns, tag));
  const lanes = projections.map((projection) => {
    const { name, schema, topics } = benchLiveTarget(ns, tag, projection);
    return { projection, instance: { name, schema, topics } };
  });
  const [first, ...alongside] = lanes;
  if (!first) throw new Error('startRunnerSet: no projections');
  // One runner for the whole set, as the projector app runs them: each topic fetched and decoded once.
  const runner = new ProjectionRunner({
    ...first,
    alongside,
    groupId: `bench-${ns}-${tag}`,
    dataSource,
    codec,
    brokers,
    metrics: new ProjectionMetrics(),
    clientId: `bench-${tag}`,
  });
  const stop = () => runner.stop();
  cleanup.add(`stop the runner of ${prefix}*`, stop);
  await runner.start();
  return {
    ...readModelProgress(
      dataSource,
      ns,
      lanes.map(({ projection, instance }) => ({ projection, name: instance.name })),
    ),
    stop,
  };
}

async function dropState(
  dataSource: DataSource,
  prefix: string,
  projections: readonly Projection[],
  ns: string,
  tag: string,
): Promise<void> {
  // A rebuild of the set's instances leaves, when it fails or is interrupted, its shadow schema (with checkpoints
  // and dead letters under the shadow's own name), and when it swaps in, the retired tables (dropped right after
  // the swap unless that drop failed), the views and a projection_versions row.
  const sql = poolExecutor(dataSource);
  for (const sandbox of await listSandboxes(sql))
    if (sandbox.projection.startsWith(prefix)) await dropSandbox(sql, sandbox);
  await dataSource.query(`drop schema if exists "${viewsSchemaOf(ns, tag)}" cascade`);
  for (const p of projections) {
    const schema = benchLiveTarget(ns, tag, p).schema;
    await dataSource.query(`drop schema if exists "${`${schema}_retired`.slice(0, 63)}" cascade`);
    await dataSource.query(`drop schema if exists "${schema}" cascade`);
  }
  const pattern = `${prefix.replace(/_/g, '\\_')}%`;
  await dataSource.query('delete from public.projection_checkpoints where projection like $1', [pattern]);
  await dataSource.query('delete from public.projection_dead_letters where projection like $1', [pattern]);
  await dataSource.query('delete from public.projection_versions where projection like $1', [pattern]);
}
