import { DataSource } from 'typeorm';

/** Row count and md5 of every row in a stable order: equal checksums, equal tables. */
export async function checksum(dataSource: DataSource, relation: string): Promise<string> {
  const [row] = await dataSource.query(
    `select count(*)::int as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as sum from ${relation} x`,
  );
  return `${row.n}:${row.sum}`;
}
