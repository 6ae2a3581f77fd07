import { z } from 'zod';
import { topSearchesProjection } from '@shopstream/read-models';
import { countParam, isoDate } from '../query-schemas';
import { ReadStores } from '../read-stores';

export const topSearchesParams = z.object({
  day: isoDate.describe('The day (UTC).'),
  limit: countParam(10),
});
export type TopSearchesParams = z.infer<typeof topSearchesParams>;

export const topSearches = z.object({
  day: z.string(),
  searches: z.array(
    z.object({
      query: z.string(),
      searches: z.number().int(),
      zeroResultSearches: z.number().int(),
      lastSearchedAt: z.string(),
    }),
  ),
});
export type TopSearches = z.infer<typeof topSearches>;

export const TOP_SEARCHES_READS = [topSearchesProjection];

/** A day's most frequent searches (normalized), most searched first. */
export async function topSearchesReport(stores: ReadStores, params: TopSearchesParams): Promise<TopSearches> {
  const rows = await stores.topSearches.onDay(params.day, params.limit);
  return {
    day: params.day,
    searches: rows.map((r) => ({
      query: r.query_normalized,
      searches: Number(r.searches),
      zeroResultSearches: Number(r.zero_result_searches),
      lastSearchedAt: r.last_searched_at.toISOString(),
    })),
  };
}
