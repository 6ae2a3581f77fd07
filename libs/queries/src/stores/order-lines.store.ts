import { SqlExecutor } from '@shopstream/database';
import { orderLinesProjection } from '@shopstream/read-models';
import { ReadModelNames } from '../read-model-names/read-model-names';

export interface OrderLineRow {
  readonly line_no: number;
  readonly sku: string;
  readonly quantity: number;
  readonly unit_price_minor: string;
  readonly line_total_minor: string;
  readonly currency: string;
}

/** Reads order_lines: the lines of an order's latest placement. */
export class OrderLinesStore {
  private readonly table: string;
  constructor(
    private readonly sql: SqlExecutor,
    names: ReadModelNames,
  ) {
    this.table = names.table(orderLinesProjection, 'order_lines');
  }

  ofOrder(orderId: string): Promise<OrderLineRow[]> {
    return this.sql.query<OrderLineRow>(
      `select line_no, sku, quantity, unit_price_minor, line_total_minor, currency
       from ${this.table} where order_id = $1 order by line_no`,
      [orderId],
    );
  }
}
