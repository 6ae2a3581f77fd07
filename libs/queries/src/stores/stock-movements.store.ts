import { SqlExecutor } from '@shopstream/database';
import { stockMovementsProjection } from '@shopstream/read-models';
import { ReadModelNames } from '../read-model-names/read-model-names';

export interface StockMovementRow {
  readonly event_id: string;
  readonly movement: string;
  readonly on_hand_delta: string;
  readonly reserved_delta: string;
  readonly order_id: string | null;
  readonly reason: string | null;
  readonly occurred_at: Date;
  readonly occurred_key: string;
}

/** Reads stock_movements: the inventory ledger. */
export class StockMovementsStore {
  private readonly table: string;
  constructor(
    private readonly sql: SqlExecutor,
    names: ReadModelNames,
  ) {
    this.table = names.table(stockMovementsProjection, 'stock_movements');
  }

  /** A sku's movements, newest first, one more than the limit. */
  list(sku: string, after: readonly [string, string] | null, limit: number): Promise<StockMovementRow[]> {
    return this.sql.query<StockMovementRow>(
      `select event_id, movement, on_hand_delta, reserved_delta, order_id, reason, occurred_at,
              occurred_at::text as occurred_key
       from ${this.table}
       where sku = $1 and ($2::timestamptz is null or (occurred_at, event_id) < ($2::timestamptz, $3::text))
       order by occurred_at desc, event_id desc
       limit $4`,
      [sku, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
  }
}
