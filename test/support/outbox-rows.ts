import type { Client } from 'pg';

/** Rows in the outbox, published or not: a test that must write no event compares it before and after. */
export async function outboxRowCount(db: Pick<Client, 'query'>): Promise<number> {
  return Number((await db.query<{ n: string }>('select count(*) as n from order_flow.outbox')).rows[0]!.n);
}
