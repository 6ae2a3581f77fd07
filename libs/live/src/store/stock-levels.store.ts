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

const count = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value) ? value : null;

/**
 * A row of the stock_levels table as a commit announced it (JSON: numbers, a timestamp string), in the shape the
 * view's rows take; null when it is not one.
 */
export function stockDataFromAnnounced(row: Readonly<Record<string, unknown>>): StockData | null {
  const [onHand, reserved, available] = [row.on_hand, row.reserved, row.available].map(count);
  const threshold = row.threshold === null ? null : count(row.threshold);
  const updatedAt = typeof row.updated_at === 'string' ? new Date(row.updated_at) : null;
  if (typeof row.sku !== 'string' || onHand == null || reserved == null || available == null) return null;
  if (threshold === null && row.threshold !== null) return null;
  if (typeof row.low_stock !== 'boolean' || !updatedAt || Number.isNaN(updatedAt.getTime())) return null;
  return {
    sku: row.sku,
    onHand,
    reserved,
    available,
    threshold,
    lowStock: row.low_stock,
    updatedAt: updatedAt.toISOString(),
  };
}

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
