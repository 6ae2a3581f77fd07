import { SqlExecutor } from '@shopstream/database';
import { salesByDayProjection } from '@shopstream/read-models';
import { ReadModelNames } from '../read-model-names/read-model-names';

export interface SalesPeriodRow {
  readonly period: Date;
  readonly currency: string;
  readonly orders_paid: string;
  readonly units_sold: string;
  readonly gross_revenue_minor: string;
  readonly refunds_minor: string;
}

/** Reads sales_by_day: paid orders, units and money per day and currency. */
export class SalesByDayStore {
  private readonly table: string;
  constructor(
    private readonly sql: SqlExecutor,
    names: ReadModelNames,
  ) {
    this.table = names.table(salesByDayProjection, 'sales_by_day');
  }

  /** Days in [from, to), oldest first. */
  between(from: Date, to: Date): Promise<SalesPeriodRow[]> {
    return this.sql.query<SalesPeriodRow>(
      `select day::timestamp at time zone 'UTC' as period, currency, orders_paid, units_sold, gross_revenue_minor,
              refunds_minor
       from ${this.table}
       where day >= ($1::timestamptz at time zone 'UTC')::date and day < ($2::timestamptz at time zone 'UTC')::date
       order by day, currency`,
      [from, to],
    );
  }
}
