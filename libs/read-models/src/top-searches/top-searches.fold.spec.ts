import { eventMetadata, givenEvents } from '@shopstream/projections/testing';
import { foldTopSearches, normalizeQuery, TopSearchesEvent } from './top-searches.fold';

const search = (query: string, resultCount: number, at: number): TopSearchesEvent => ({
  type: 'shopstream.behaviour.SearchPerformed',
  metadata: eventMetadata('session-1', { at }),
  sessionId: 'session-1',
  customerId: null,
  query,
  resultCount,
});

describe('top searches fold', () => {
  it('counts searches per day and normalised query, zero-result ones apart', () => {
    const day = Date.UTC(2026, 10, 27, 9);
    const changes = foldTopSearches(
      givenEvents([
        search('Red  Shoes', 3, day),
        search(' red shoes ', 0, day + 60_000),
        search('hat', 1, day),
      ]),
    );
    expect(changes).toEqual([
      { day: '2026-11-27', query: 'red shoes', searches: 2, zeroResults: 1, lastAt: day + 60_000 },
      { day: '2026-11-27', query: 'hat', searches: 1, zeroResults: 0, lastAt: day },
    ]);
  });

  it('keeps the latest time when sessions of a batch arrive out of time order', () => {
    const late = Date.UTC(2026, 10, 27, 12);
    const [change] = foldTopSearches(givenEvents([search('hat', 1, late), search('hat', 1, late - 1_000)]));
    expect(change?.lastAt).toBe(late);
  });

  it('splits the same query on two days', () => {
    const changes = foldTopSearches(
      givenEvents([
        search('hat', 1, Date.UTC(2026, 10, 27, 23)),
        search('hat', 1, Date.UTC(2026, 10, 28, 1)),
      ]),
    );
    expect(changes.map((c) => c.day)).toEqual(['2026-11-27', '2026-11-28']);
  });

  it('treats case and runs of spaces as the same search', () => {
    expect(normalizeQuery('  Red \t Shoes ')).toBe('red shoes');
  });
});
