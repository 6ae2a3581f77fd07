import { ShopstreamEvent } from '@shopstream/events';
import { Projection } from '@shopstream/projections';
import { ProjectionHarness } from './projection-harness';

/** Cuts a history into batches after every position where `cuts` is true (fast-check supplies the booleans). */
export const splitWhere = <E>(events: readonly E[], cuts: readonly boolean[]): E[][] =>
  events.reduce<E[][]>(
    (batches, event, i) => {
      batches[batches.length - 1]!.push(event);
      if (cuts[i] && i < events.length - 1) batches.push([]);
      return batches;
    },
    [[]],
  );

/**
 * A fresh copy of `projection` fed `batches` in order, then the rows of `query`: what a read model holds when its
 * history arrived split that way. Equal results for different splits mean batch boundaries don't matter.
 */
export async function rowsAfter(
  projection: Projection,
  batches: readonly (readonly ShopstreamEvent[])[],
  query: string,
): Promise<unknown[]> {
  const harness = await ProjectionHarness.create(projection);
  try {
    for (const batch of batches) await harness.given(...batch);
    return await harness.rows(query);
  } finally {
    await harness.close();
  }
}
