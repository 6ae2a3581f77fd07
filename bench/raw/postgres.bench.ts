import { Client } from 'pg';
import { copyIn } from './pg-copy-in';
import { Rate, timed } from '../support/stats';

/** Columns of a table shaped like the order_summary read model (text key, money, counts, times, version). */
const SHAPE = `(
  order_id text primary key,
  customer_id text,
  status text not null,
  currency text,
  total_minor bigint,
  line_count int,
  placed_at timestamptz,
  version int not null,
  updated_at timestamptz not null
)`;

interface Row {
  id: string;
  customer: string;
  status: string;
  total: number;
  lines: number;
  at: string;
  version: number;
}

function rows(count: number, prefix: string): Row[] {
  const statuses = ['PLACED', 'CONFIRMED', 'PAID', 'SHIPPED', 'DELIVERED'];
  const base = Date.UTC(2026, 10, 1);
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-order-${i}`,
    customer: `${prefix}-customer-${i % 5_000}`,
    status: statuses[i % statuses.length]!,
    total: 1_000 + ((i * 7_919) % 90_000),
    lines: 1 + (i % 5),
    at: new Date(base + i * 1_000).toISOString(),
    version: 1 + (i % 4),
  }));
}

/**
 * B3 and B4: PostgreSQL's own limits on a read-model-shaped table, in a schema of this run that the caller drops.
 * B3 COPY (text format, 10,000-row chunks, one transaction) into a logged table with its primary key only: what a
 * rebuild's bulk load could reach. B4 the projection engine's write shape: `insert ... select from unnest(...) on
 * conflict do update ... where version <`, 1,000 rows a transaction with one checkpoint row updated in it, into the
 * table with its primary key and one secondary index.
 */
export async function postgresLimits(
  databaseUrl: string,
  schema: string,
  count: number,
): Promise<{ copy: Rate; upsert: Rate }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`create schema "${schema}"`);
    await client.query(`set search_path to "${schema}"`);
    await client.query(`create table copy_target ${SHAPE}`);
    await client.query(`create table upsert_target ${SHAPE}`);
    await client.query('create index upsert_target_customer on upsert_target (customer_id)');
    await client.query('create table checkpoint (id int primary key, next_offset bigint not null)');
    await client.query('insert into checkpoint values (1, 0)');

    const data = rows(count, schema);
    const lines = data.map(
      (r) =>
        `${r.id}\t${r.customer}\t${r.status}\tEUR\t${r.total}\t${r.lines}\t${r.at}\t${r.version}\t${r.at}\n`,
    );
    const chunks: Buffer[] = [];
    for (let i = 0; i < lines.length; i += 10_000)
      chunks.push(Buffer.from(lines.slice(i, i + 10_000).join(''), 'utf8'));

    const copy = await timed(async () => {
      await client.query('begin');
      const n = await copyIn(client, 'copy copy_target from stdin', chunks);
      await client.query('commit');
      return n;
    });

    const upsert = await timed(async () => {
      for (let i = 0; i < data.length; i += 1_000) {
        const chunk = data.slice(i, i + 1_000);
        await client.query('begin');
        await client.query(
          `insert into upsert_target as t
             (order_id, customer_id, status, currency, total_minor, line_count, placed_at, version, updated_at)
           select id, customer, status, 'EUR', total, lines, at, version, at
           from unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::int[], $6::timestamptz[], $7::int[])
             as u(id, customer, status, total, lines, at, version)
           on conflict (order_id) do update set status = excluded.status, total_minor = excluded.total_minor,
             version = excluded.version, updated_at = excluded.updated_at
           where t.version < excluded.version`,
          [
            chunk.map((r) => r.id),
            chunk.map((r) => r.customer),
            chunk.map((r) => r.status),
            chunk.map((r) => r.total),
            chunk.map((r) => r.lines),
            chunk.map((r) => r.at),
            chunk.map((r) => r.version),
          ],
        );
        await client.query('update checkpoint set next_offset = $1 where id = 1', [i + chunk.length]);
        await client.query('commit');
      }
      return data.length;
    });
    return { copy, upsert };
  } finally {
    await client.end();
  }
}
