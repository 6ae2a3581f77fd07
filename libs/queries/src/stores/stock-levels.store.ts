import { SqlExecutor } from '@shopstream/database';
import { stockLevelsProjection } from '@shopstream/read-models';
import { ReadModelNames } from '../read-model-names/read-model-names';

export interface StockLevelRow {
  readonly sku: string;
  readonly on_hand: string;
  readonly reserved: string;
  readonly available: string;
  readonly threshold: string | null;
  readonly low_stock: boolean;
  readonly updated_at: Date;
  readonly version: string;
}

const COLUMNS = 'sku, on_hand, reserved, available, threshold, low_stock, updated_at, version';

/** Reads stock_levels: one row per sku. */
export class StockLevelsStore {
  private readonly table: string;
  constructor(
    private readonly sql: SqlExecutor,
    names: ReadModelNames,
  ) {
    this.table = names.table(stockLevelsProjection, 'stock_levels');
  }

  async find(sku: string): Promise<StockLevelRow | null> {
    const [row] = await this.sql.query<StockLevelRow>(`select ${COLUMNS} from ${this.table} where sku = $1`, [
      sku,
    ]);
    return row ?? null;
  }

  /** By sku, one more than the limit; `lowStock` keeps only the skus below their threshold. */
  list(lowStock: boolean | null, afterSku: string | null, limit: number): Promise<StockLevelRow[]> {
    return this.sql.query<StockLevelRow>(
      `select ${COLUMNS} from ${this.table}
       where ($1::boolean is null or low_stock = $1) and ($2::text is null or sku > $2)
       order by sku limit $3`,
      [lowStock, afterSku, limit + 1],
    );
  }
}
