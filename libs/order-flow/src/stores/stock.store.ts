import { emptyStockLevel, StockLevel } from '@shopstream/inventory';
import { SqlExecutor } from '@shopstream/database';

/** All the SQL on order_flow.stock: the write side's stock level of each sku. Lock orders before stock. */
export class StockStore {
  constructor(private readonly sql: SqlExecutor) {}

  /** Locks the skus' rows in sku order; a sku never seen before is created first, so it can be locked too. */
  async lock(skus: readonly string[]): Promise<Map<string, StockLevel>> {
    if (skus.length === 0) return new Map();
    const wanted = [...new Set(skus)].sort();
    // A sku never received still takes part in a reservation, so its row must exist to be locked.
    await this.sql.query(
      `insert into order_flow.stock (sku, state, version)
       select sku, state, 0 from unnest($1::text[], $2::jsonb[]) as t(sku, state) on conflict (sku) do nothing`,
      [wanted, wanted.map((sku) => JSON.stringify(emptyStockLevel(sku)))],
    );
    const rows = await this.sql.query<{ sku: string; state: StockLevel }>(
      'select sku, state from order_flow.stock where sku = any($1::text[]) order by sku for update',
      [wanted],
    );
    const levels = new Map(rows.map((r) => [r.sku, r.state]));
    for (const sku of wanted) if (!levels.has(sku)) levels.set(sku, emptyStockLevel(sku));
    return levels;
  }

  async save(levels: readonly StockLevel[]): Promise<void> {
    if (levels.length === 0) return;
    await this.sql.query(
      `insert into order_flow.stock (sku, state, version)
       select * from unnest($1::text[], $2::jsonb[], $3::int[])
       on conflict (sku) do update set state = excluded.state, version = excluded.version, updated_at = now()`,
      [levels.map((l) => l.sku), levels.map((l) => JSON.stringify(l)), levels.map((l) => l.version)],
    );
  }
}
