import fc from 'fast-check';
import { SearchPerformed } from '@shopstream/events';
import { topSearchesProjection } from '@shopstream/read-models';
import { rowsAfter, splitWhere } from '../../support/batch-splits';
import { metadata } from '../../support/event-builders';
import { ProjectionHarness } from '../../support/projection-harness';

const DAY1 = Date.UTC(2026, 10, 27);
const DAY2 = Date.UTC(2026, 10, 28);
const at = (day: number, minute: number) => day + minute * 60_000;

const searched = (sessionId: string, query: string, resultCount: number, when: number): SearchPerformed => ({
  type: 'shopstream.behaviour.SearchPerformed',
  metadata: metadata(sessionId, 1, when),
  sessionId,
  customerId: null,
  query,
  resultCount,
});

/** Three spellings of one query, a zero-result query, and a session whose events arrive late (another partition). */
const history = (): SearchPerformed[] => [
  searched('s1', 'red shoes', 12, at(DAY1, 10)),
  searched('s2', '  Red   Shoes ', 12, at(DAY1, 30)),
  searched('s1', 'RED\tSHOES', 0, at(DAY1, 20)),
  searched('s3', 'blue hat', 0, at(DAY1, 40)),
  searched('s3', 'red shoes', 9, at(DAY2, 1)),
];

const SEARCHES = `select day::text, query_normalized, searches::int, zero_result_searches::int, last_searched_at
  from top_searches order by day, query_normalized`;

const tableAfter = (batches: readonly (readonly SearchPerformed[])[]) =>
  rowsAfter(topSearchesProjection, batches, 'select * from top_searches order by day, query_normalized');

describe('top_searches', () => {
  let harness: ProjectionHarness;
  beforeEach(async () => (harness = await ProjectionHarness.create(topSearchesProjection)));
  afterEach(async () => harness.close());

  it('counts searches per normalized query and UTC day, with zero-result searches and the latest time', async () => {
    await harness.given(...history());
    expect(await harness.rows(SEARCHES)).toEqual([
      {
        day: '2026-11-27',
        query_normalized: 'blue hat',
        searches: 1,
        zero_result_searches: 1,
        last_searched_at: new Date(at(DAY1, 40)),
      },
      {
        day: '2026-11-27',
        query_normalized: 'red shoes',
        searches: 3,
        zero_result_searches: 1,
        last_searched_at: new Date(at(DAY1, 30)),
      },
      {
        day: '2026-11-28',
        query_normalized: 'red shoes',
        searches: 1,
        zero_result_searches: 0,
        last_searched_at: new Date(at(DAY2, 1)),
      },
    ]);
  });

  it('does not move last_searched_at back when an earlier search arrives in a later batch', async () => {
    await harness.given(searched('s1', 'lamp', 3, at(DAY1, 50)));
    await harness.given(searched('s2', 'lamp', 3, at(DAY1, 5)));
    expect(await harness.rows('select searches::int, last_searched_at from top_searches')).toEqual([
      { searches: 2, last_searched_at: new Date(at(DAY1, 50)) },
    ]);
  });

  it('does not count a search twice when it is delivered again', async () => {
    const search = searched('s1', 'mug', 0, at(DAY1, 1));
    await harness.given(search, search);
    await harness.given(search);
    expect(await harness.rows('select searches::int, zero_result_searches::int from top_searches')).toEqual([
      { searches: 1, zero_result_searches: 1 },
    ]);
  });

  it('gives the same table however the history is split into batches', async () => {
    const events = history();
    const whole = await tableAfter([events]);
    expect(await tableAfter(events.map((e) => [e]))).toEqual(whole);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: events.length, maxLength: events.length }),
        async (cuts) => {
          expect(await tableAfter(splitWhere(events, cuts))).toEqual(whole);
        },
      ),
      { numRuns: 8 },
    );
  });
});
