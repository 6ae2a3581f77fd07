import { emptyStockLevel, StockLevel } from '@shopstream/inventory';
import { SqlExecutor } from '@shopstream/database';

/** A sku's state as its row stores it: the holds of orders live in order_flow.stock_reservations. */
type StoredLevel = Omit<StockLevel, 'reservations'> & { reservations?: unknown };

/**
 * All the SQL on order_flow.stock and order_flow.stock_reservations: the write side's stock level of each sku, and
 * what each order holds of it. Lock orders before stock.
 *
 * A level comes back with the holds of the orders asked for only (`holdsOf`), not every open reservation of the sku:
 * the deciders look at the orders they decide, and a popular sku holds thousands. The stock row's lock guards its
 * holds too, since every writer of a hold locks the row first.
 */
export class StockStore {
  constructor(private readonly sql: SqlExecutor) {}

  /**
   * Locks the skus' rows in sku order; a sku never seen before is created first, so it can be locked too. Each level
   * carries the holds of `holdsOf` on it.
   */
  async lock(skus: readonly string[], holdsOf: readonly string[] = []): Promise<Map<string, StockLevel>> {
    if (skus.length === 0) return new Map();
    const wanted = [...new Set(skus)].sort();
    // A sku never received still takes part in a reservation, so its row must exist to be locked.
    await this.sql.query(
      `insert into order_flow.stock (sku, state, version)
       select sku, state, 0 from unnest($1::text[], $2::jsonb[]) as t(sku, state) on conflict (sku) do nothing`,
      [wanted, wanted.map((sku) => JSON.stringify(stored(emptyStockLevel(sku))))],
    );
    const rows = await this.sql.query<{ sku: string; state: StoredLevel }>(
      'select sku, state from order_flow.stock where sku = any($1::text[]) order by sku for update',
      [wanted],
    );
    const holds = await this.holds(wanted, holdsOf);
    const levels = new Map<string, StockLevel>(
      rows.map((r) => [r.sku, { ...r.state, reservations: holds.get(r.sku) ?? {} }]),
    );
    for (const sku of wanted) if (!levels.has(sku)) levels.set(sku, emptyStockLevel(sku));
    return levels;
  }

  /**
   * Saves the levels, and the holds of `holdsOf` on them as the levels say: a hold of an order in `holdsOf` that a
   * level no longer has is given back. Holds of other orders are left as they are.
   */
  async save(levels: readonly StockLevel[], holdsOf: readonly string[] = []): Promise<void> {
    if (levels.length === 0) return;
    await this.sql.query(
      `insert into order_flow.stock (sku, state, version)
       select * from unnest($1::text[], $2::jsonb[], $3::int[])
       on conflict (sku) do update set state = excluded.state, version = excluded.version, updated_at = now()`,
      [levels.map((l) => l.sku), levels.map((l) => JSON.stringify(stored(l))), levels.map((l) => l.version)],
    );
    if (holdsOf.length > 0) await this.saveHolds(levels, holdsOf);
  }

  private async holds(
    skus: readonly string[],
    orderIds: readonly string[],
  ): Promise<Map<string, Record<string, number>>> {
    const bySku = new Map<string, Record<string, number>>();
    if (orderIds.length === 0) return bySku;
    const rows = await this.sql.query<{ sku: string; order_id: string; quantity: number }>(
      `select sku, order_id, quantity from order_flow.stock_reservations
       where sku = any($1::text[]) and order_id = any($2::text[])`,
      [skus, [...new Set(orderIds)]],
    );
    for (const r of rows) bySku.set(r.sku, { ...bySku.get(r.sku), [r.order_id]: r.quantity });
    return bySku;
  }

  private async saveHolds(levels: readonly StockLevel[], holdsOf: readonly string[]): Promise<void> {
    const orders = new Set(holdsOf);
    const kept = levels.flatMap((l) =>
      Object.entries(l.reservations)
        .filter(([orderId, quantity]) => orders.has(orderId) && quantity > 0)
        .map(([orderId, quantity]) => ({ sku: l.sku, orderId, quantity })),
    );
    // One statement: the holds of these orders on these skus that are gone, then the ones that are (still) held.
    await this.sql.query(
      `with kept as (select * from unnest($1::text[], $2::text[], $3::int[]) as k(sku, order_id, quantity)),
       gone as (
         delete from order_flow.stock_reservations r
         where r.sku = any($4::text[]) and r.order_id = any($5::text[])
           and not exists (select 1 from kept k where k.sku = r.sku and k.order_id = r.order_id))
       insert into order_flow.stock_reservations (sku, order_id, quantity)
       select sku, order_id, quantity from kept
       on conflict (sku, order_id) do update set quantity = excluded.quantity
       where order_flow.stock_reservations.quantity <> excluded.quantity`,
      [
        kept.map((k) => k.sku),
        kept.map((k) => k.orderId),
        kept.map((k) => k.quantity),
        levels.map((l) => l.sku),
        [...orders],
      ],
    );
  }
}

/** The row's state: the level without its holds, which have rows of their own. */
function stored(level: StockLevel): StoredLevel {
  const state: { -readonly [K in keyof StockLevel]?: StockLevel[K] } = { ...level };
  delete state.reservations;
  return state as StoredLevel;
}
