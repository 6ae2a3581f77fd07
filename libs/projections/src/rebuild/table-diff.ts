import { SqlExecutor } from '@shopstream/database';
import { quoteIdent } from './sandbox-registry';

export interface RowDifference {
  /** The row's primary key (the whole row when the table has none). */
  readonly key: Record<string, unknown>;
  /** Null when the row is missing on that side. */
  readonly live: Record<string, unknown> | null;
  readonly rebuilt: Record<string, unknown> | null;
}

export interface TableComparison {
  readonly table: string;
  readonly live: { readonly rows: number; readonly checksum: string };
  readonly rebuilt: { readonly rows: number; readonly checksum: string };
  readonly equal: boolean;
  /** Rows that differ, in total; `differences` lists the first of them. */
  readonly differingRows: number;
  readonly differences: readonly RowDifference[];
}

/** md5 of every row in a stable order: equal checksums, equal tables, without shipping the rows anywhere. */
async function checksum(sql: SqlExecutor, schema: string, table: string) {
  const [row] = await sql.query<{ n: number; sum: string }>(
    `select count(*)::int as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as sum
     from ${quoteIdent(schema)}.${quoteIdent(table)} x`,
  );
  return { rows: row?.n ?? 0, checksum: row?.sum ?? '' };
}

async function primaryKey(sql: SqlExecutor, schema: string, table: string): Promise<string[]> {
  const rows = await sql.query<{ column: string }>(
    `select a.attname as column from pg_index i
     join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
     where i.indrelid = to_regclass($1) and i.indisprimary
     order by array_position(i.indkey::int2[], a.attnum)`,
    [`${quoteIdent(schema)}.${quoteIdent(table)}`],
  );
  return rows.map((r) => r.column);
}

/** Compares one table of two schemas by checksum and, when they differ, lists differing rows by key. */
export async function compareTable(
  sql: SqlExecutor,
  table: string,
  liveSchema: string,
  rebuiltSchema: string,
  limit = 20,
): Promise<TableComparison> {
  const live = await checksum(sql, liveSchema, table);
  const rebuilt = await checksum(sql, rebuiltSchema, table);
  if (live.rows === rebuilt.rows && live.checksum === rebuilt.checksum)
    return { table, live, rebuilt, equal: true, differingRows: 0, differences: [] };
  const key = await primaryKey(sql, rebuiltSchema, table);
  const keyOf = key.length
    ? `jsonb_build_object(${key.map((c) => `'${c.replace(/'/g, "''")}', x.${quoteIdent(c)}`).join(', ')})`
    : 'to_jsonb(x)';
  const side = (schema: string) =>
    `select ${keyOf} as k, to_jsonb(x) as r from ${quoteIdent(schema)}.${quoteIdent(table)} x`;
  const rows = await sql.query<{
    key: Record<string, unknown>;
    live: Record<string, unknown> | null;
    rebuilt: Record<string, unknown> | null;
    total: number;
  }>(
    `select coalesce(l.k, b.k) as key, l.r as live, b.r as rebuilt, count(*) over ()::int as total
     from (${side(liveSchema)}) l full join (${side(rebuiltSchema)}) b on l.k = b.k
     where l.r is distinct from b.r order by coalesce(l.k, b.k)::text limit ${Math.max(1, Math.floor(limit))}`,
  );
  return {
    table,
    live,
    rebuilt,
    equal: false,
    differingRows: rows[0]?.total ?? 0,
    differences: rows.map(({ key: k, live: l, rebuilt: b }) => ({ key: k, live: l, rebuilt: b })),
  };
}
