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

/**
 * The rows of `query` after `history` applied as one batch, having checked that one batch per event, and batches
 * of two, give the same rows: the read model's result must not depend on where batches happen to break.
 */
export async function rowsWhateverTheSplit(
  projection: Projection,
  history: readonly ShopstreamEvent[],
  query: string,
): Promise<Record<string, unknown>[]> {
  const whole = (await rowsAfter(projection, [history], query)) as Record<string, unknown>[];
  expect(
    await rowsAfter(
      projection,
      history.map((e) => [e]),
      query,
    ),
  ).toEqual(whole);
  const pairs = history.flatMap((_e, i) => (i % 2 === 0 ? [history.slice(i, i + 2)] : []));
  expect(await rowsAfter(projection, pairs, query)).toEqual(whole);
  return whole;
}
