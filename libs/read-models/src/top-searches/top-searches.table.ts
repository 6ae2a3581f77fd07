import { ProjectionTable } from '@shopstream/projections';

export const TOP_SEARCHES_TABLE: ProjectionTable = {
  name: 'top_searches',
  ddl: `create table top_searches (
    day date not null,
    query_normalized text not null,
    searches bigint not null,
    zero_result_searches bigint not null,
    last_searched_at timestamptz not null,
    primary key (day, query_normalized)
  )`,
};
