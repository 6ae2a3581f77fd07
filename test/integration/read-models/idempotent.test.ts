import { READ_MODELS } from '@shopstream/read-models';
import { orderFlowHistory } from '@shopstream/simulation';
import { ProjectionHarness } from '../../support/projection-harness';

/**
 * A read model declared `idempotent` is handed every copy of an event (the engine skips its event-id check for it),
 * so it must end where it would have without them: copies arriving after everything else happened to their
 * aggregates, as a producer retrying much later would write them, two of each in one batch.
 */
const history = orderFlowHistory({ orders: 120, seed: 11, prefix: 'idem', customers: 25 });
const BATCH = 150;

const batches = <E>(events: readonly E[]): E[][] =>
  Array.from({ length: Math.ceil(events.length / BATCH) }, (_, i) =>
    events.slice(i * BATCH, (i + 1) * BATCH),
  );

describe.each(READ_MODELS.filter((p) => p.idempotent).map((p) => [p.name, p] as const))(
  '%s, declared idempotent',
  (_, projection) => {
    it('ends with the same tables when every event comes again later, twice in the same batch', async () => {
      const once = await ProjectionHarness.create(projection);
      const twice = await ProjectionHarness.create(projection);
      try {
        for (const batch of batches(history)) await once.given(...batch);
        for (const batch of batches(history)) await twice.given(...batch);
        // Copies after everything else happened to their aggregates, two of each side by side in one batch.
        for (const batch of batches(history)) await twice.given(...batch.flatMap((e) => [e, e]));
        for (const { name } of projection.tables) {
          const expected = await once.checksum(name);
          expect(expected).not.toMatch(/^0:/);
          expect([name, await twice.checksum(name)]).toEqual([name, expected]);
        }
      } finally {
        await once.close();
        await twice.close();
      }
    });
  },
);
