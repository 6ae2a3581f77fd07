import { Queryable } from './read-snapshot';

/** What stock channels carry for one sku. */
export interface StockData {
  readonly sku: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
  readonly threshold: number | null;
  readonly lowStock: boolean;
  readonly updatedAt: string;
}

interface StockRow {
  sku: string;
  on_hand: string;
  reserved: string;
  available: string;
  threshold: string | null;
  low_stock: boolean;
  updated_at: Date;
}

const toData = (r: StockRow): StockData => ({
  sku: r.sku,
  onHand: Number(r.on_hand),
  reserved: Number(r.reserved),
  available: Number(r.available),
  threshold: r.threshold === null ? null : Number(r.threshold),
  lowStock: r.low_stock,
  updatedAt: r.updated_at.toISOString(),
});

/** Reads the stock_levels view of the read models; the stock_levels projection owns and writes it. */
export class StockLevelsStore {
  constructor(private readonly viewsSchema: string) {}

  async bySkus(client: Queryable, skus: readonly string[]): Promise<StockData[]> {
    const { rows } = await client.query<StockRow>(
      `select sku, on_hand, reserved, available, threshold, low_stock, updated_at
         from ${this.table()} where sku = any($1::text[])`,
      [skus],
    );
    return rows.map(toData);
  }

  async all(client: Queryable): Promise<StockData[]> {
    const { rows } = await client.query<StockRow>(
      `select sku, on_hand, reserved, available, threshold, low_stock, updated_at from ${this.table()} order by sku`,
    );
    return rows.map(toData);
  }

  private table(): string {
    return `"${this.viewsSchema.replace(/"/g, '""')}".stock_levels`;
  }
}
