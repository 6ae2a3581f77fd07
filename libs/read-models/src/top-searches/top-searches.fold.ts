import { EventOfType } from '@shopstream/events';
import { ProjectedEvent } from '@shopstream/projections';

export const TOP_SEARCHES_EVENTS = ['shopstream.behaviour.SearchPerformed'] as const;

export type TopSearchesEvent = EventOfType<(typeof TOP_SEARCHES_EVENTS)[number]>;

export interface SearchDayChange {
  day: string;
  query: string;
  searches: number;
  zeroResults: number;
  lastAt: number;
}

/** "  Red   Shoes " and "red shoes" are the same search. */
export const normalizeQuery = (query: string) => query.trim().toLowerCase().replace(/\s+/g, ' ');

export function foldTopSearches(batch: readonly ProjectedEvent<TopSearchesEvent>[]): SearchDayChange[] {
  const changes = new Map<string, SearchDayChange>();
  for (const { event } of batch) {
    switch (event.type) {
      case 'shopstream.behaviour.SearchPerformed': {
        const at = event.metadata.occurredAt;
        const day = new Date(at).toISOString().slice(0, 10);
        const query = normalizeQuery(event.query);
        const key = `${day}\u0000${query}`;
        const change = changes.get(key) ?? { day, query, searches: 0, zeroResults: 0, lastAt: at };
        change.searches += 1;
        if (event.resultCount === 0) change.zeroResults += 1;
        // Sessions sit on different partitions, so a batch is not in time order across them.
        change.lastAt = Math.max(change.lastAt, at);
        changes.set(key, change);
        break;
      }
      default: {
        // One event type is not a union, so TypeScript narrows its `type` to never here, not the event itself.
        const unreachable: never = event.type;
        throw new Error(`Unhandled event ${String(unreachable)}`);
      }
    }
  }
  return [...changes.values()];
}
