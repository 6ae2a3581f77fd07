import { createDataSource } from '@shopstream/database';
import { createEventCodec } from '@shopstream/events';
import {
  parseRunStart,
  Projection,
  rebuildPoolSize,
  rebuildProjections,
  RebuildSummary,
} from '@shopstream/projections';
import { Cleanup } from '../support/cleanup';
import { deleteGroupsWithPrefix } from '../support/kafka-groups';
import { benchLiveTarget } from './bench-projections';

/** What one read model's rebuild reported, under its read model's name. */
export type RebuildFigures = Pick<
  RebuildSummary,
  'events' | 'seconds' | 'eventsPerSecond' | 'indexSeconds' | 'swapPausedMs'
> & { readonly projection: string };

export interface RebuildAllResult {
  /** From the start until every read model has swapped in (the swap's commit). */
  readonly seconds: number;
  readonly projections: readonly RebuildFigures[];
}

/**
 * R: what `shopstream projections rebuild --all` does, against the live instances of the set tagged `tag`: a pool
 * of the CLI's size and a codec with a cold schema cache, the CLI's options (`--from earliest`, `--max-gap 500`) and a
 * progress callback.
 */
export async function rebuildAll(options: {
  readonly databaseUrl: string;
  readonly registryUrl: string;
  readonly brokers: readonly string[];
  readonly ns: string;
  readonly tag: string;
  readonly projections: readonly Projection[];
  readonly cleanup: Cleanup;
  /** Events the rebuild has read so far, summed over read models. */
  readonly onDone?: (done: number) => void;
}): Promise<RebuildAllResult> {
  const { brokers, ns, tag, projections, cleanup } = options;
  // The shadow runner consumes in a group named after a shadow schema, which the run names at random; every
  // progress report carries that name, so the groups to delete are collected from them.
  const shadows = new Set<string>();
  cleanup.add(`delete rebuild consumer groups of ${ns}_${tag}_*`, async () => {
    for (const schema of shadows) await deleteGroupsWithPrefix(brokers, `shopstream-rebuild-${schema}`);
  });
  const dataSource = createDataSource(options.databaseUrl, { poolSize: rebuildPoolSize(projections.length) });
  await dataSource.initialize();
  try {
    const done = new Map<string, number>();
    const summaries = await rebuildProjections({
      members: projections.map((projection) => ({
        projection,
        target: benchLiveTarget(ns, tag, projection),
      })),
      dataSource,
      codec: createEventCodec(options.registryUrl),
      brokers,
      from: parseRunStart('earliest'),
      maxGap: 500,
      onProgress: (progress) => {
        shadows.add(progress.run);
        done.set(progress.run, progress.done);
        options.onDone?.([...done.values()].reduce((a, b) => a + b, 0));
      },
    });
    return {
      // To the swap, as the rebuild counts it: the retired tables are dropped after, while the new ones serve.
      seconds: Math.max(...summaries.map((s) => s.seconds)),
      projections: summaries.map((s, i) => ({
        projection: projections[i]!.name,
        events: s.events,
        seconds: s.seconds,
        eventsPerSecond: s.eventsPerSecond,
        indexSeconds: s.indexSeconds,
        swapPausedMs: s.swapPausedMs,
      })),
    };
  } finally {
    await dataSource.destroy();
  }
}
