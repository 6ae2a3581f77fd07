import { SqlExecutor } from '@shopstream/database';
import { SessionCarts } from './behaviour-funnel-daily.fold';
import { SESSION_CARTS_TABLE } from './behaviour-funnel-daily.table';

const CARTS = SESSION_CARTS_TABLE.name;

/** The stored carts of `sessionIds`, in one query for the whole batch. */
export async function loadSessionCarts(
  sql: SqlExecutor,
  sessionIds: readonly string[],
): Promise<SessionCarts> {
  const carts: SessionCarts = new Map();
  if (sessionIds.length === 0) return carts;
  const rows = await sql.query<{ session_id: string; sku: string; quantity: string }>(
    `select session_id, sku, quantity from ${CARTS} where session_id = any($1::text[])`,
    [sessionIds],
  );
  for (const row of rows) {
    const cart = carts.get(row.session_id) ?? new Map<string, number>();
    cart.set(row.sku, Number(row.quantity));
    carts.set(row.session_id, cart);
  }
  return carts;
}

/** Replaces the stored carts of the sessions in `carts` with their new contents: one delete, one insert. */
export async function saveSessionCarts(sql: SqlExecutor, carts: SessionCarts): Promise<void> {
  if (carts.size === 0) return;
  await sql.query(`delete from ${CARTS} where session_id = any($1::text[])`, [[...carts.keys()]]);
  const rows = [...carts].flatMap(([sessionId, cart]) =>
    [...cart].map(([sku, quantity]) => ({ sessionId, sku, quantity })),
  );
  if (rows.length === 0) return;
  await sql.query(
    `insert into ${CARTS} (session_id, sku, quantity) select * from unnest($1::text[], $2::text[], $3::bigint[])`,
    [rows.map((r) => r.sessionId), rows.map((r) => r.sku), rows.map((r) => r.quantity)],
  );
}
