import { Client } from 'pg';

/** A table the processor's retention keeps bounded, as PostgreSQL's statistics see it. */
export interface TableSize {
  readonly table: string;
  /** Live rows as counted by the statistics collector: close, without scanning a large table. */
  readonly rows: number;
  /** Heap, indexes and TOAST. */
  readonly bytes: number;
}

/**
 * The outbox, the idempotency keys and every applied-event ledger (the processor's and each live read model's), the
 * tables that grow with traffic unless retention runs. Missing tables (a database not migrated yet) are left out.
 */
export async function retainedTableSizes(databaseUrl: string): Promise<TableSize[]> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ table: string; rows: string; bytes: string }>(
      `select s.schemaname || '.' || s.relname as table, s.n_live_tup as rows,
              pg_total_relation_size(s.relid) as bytes
       from pg_stat_user_tables s
       where (s.schemaname = 'order_flow' and s.relname in ('outbox', 'idempotency_keys', 'applied_events'))
          or (s.schemaname like 'projection\\_%' and s.relname = 'applied_events')
       order by s.schemaname <> 'order_flow', 1`,
    );
    return rows.map((r) => ({ table: r.table, rows: Number(r.rows), bytes: Number(r.bytes) }));
  } finally {
    await client.end();
  }
}
