import { SqlExecutor } from '@shopstream/database';
import { topSearchesProjection } from '@shopstream/read-models';
import { ReadModelNames } from '../read-model-names/read-model-names';

export interface TopSearchRow {
  readonly query_normalized: string;
  readonly searches: string;
  readonly zero_result_searches: string;
  readonly last_searched_at: Date;
}

/** Reads top_searches: searches per day and normalized query. */
export class TopSearchesStore {
  private readonly table: string;
  constructor(
    private readonly sql: SqlExecutor,
    names: ReadModelNames,
  ) {
    this.table = names.table(topSearchesProjection, 'top_searches');
  }

  onDay(day: string, limit: number): Promise<TopSearchRow[]> {
    return this.sql.query<TopSearchRow>(
      `select query_normalized, searches, zero_result_searches, last_searched_at from ${this.table}
       where day = $1::date order by searches desc, query_normalized limit $2`,
      [day, limit],
    );
  }
}
