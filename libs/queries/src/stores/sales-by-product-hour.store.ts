import { SqlExecutor } from '@shopstream/database';
import { salesByProductHourProjection } from '@shopstream/read-models';
import { ReadModelNames } from '../read-model-names/read-model-names';
import { SalesPeriodRow } from './sales-by-day.store';

export interface ProductSalesRow {
  readonly sku: string;
  readonly currency: string;
  readonly units_sold: string;
  readonly revenue_minor: string;
  readonly orders: string;
  readonly refunded_minor: string;
}

/** Reads sales_by_product_hour: units and money per sku, hour and currency. */
export class SalesByProductHourStore {
  private readonly table: string;
  constructor(
    private readonly sql: SqlExecutor,
    names: ReadModelNames,
  ) {
    this.table = names.table(salesByProductHourProjection, 'sales_by_product_hour');
  }

  /**
   * Hours in [from, to) summed over skus, oldest first. orders_paid is the sum of per-sku order counts: an order
   * of two skus counts in both, which the per-product table cannot tell apart.
   */
  hoursBetween(from: Date, to: Date): Promise<SalesPeriodRow[]> {
    return this.sql.query<SalesPeriodRow>(
      `select hour as period, currency, sum(orders)::text as orders_paid, sum(units_sold)::text as units_sold,
              sum(revenue_minor)::text as gross_revenue_minor, sum(refunded_minor)::text as refunds_minor
       from ${this.table} where hour >= $1 and hour < $2
       group by hour, currency order by hour, currency`,
      [from, to],
    );
  }

  /** The best-selling skus by units in [from, to), per currency. */
  topProducts(from: Date, to: Date, limit: number): Promise<ProductSalesRow[]> {
    return this.sql.query<ProductSalesRow>(
      `select sku, currency, sum(units_sold)::text as units_sold, sum(revenue_minor)::text as revenue_minor,
              sum(orders)::text as orders, sum(refunded_minor)::text as refunded_minor
       from ${this.table} where hour >= $1 and hour < $2
       group by sku, currency order by sum(units_sold) desc, sku, currency limit $3`,
      [from, to, limit],
    );
  }
}
