import { SqlExecutor } from '@shopstream/database';
import { behaviourFunnelDailyProjection } from '@shopstream/read-models';
import { ReadModelNames } from '../read-model-names/read-model-names';

export interface FunnelDayRow {
  readonly day: string;
  readonly views: string;
  readonly cart_adds: string;
  readonly checkouts: string;
  readonly orders: string;
}

/** Reads behaviour_funnel_daily: views, cart adds, checkouts and orders per day and sku. */
export class BehaviourFunnelDailyStore {
  private readonly table: string;
  constructor(
    private readonly sql: SqlExecutor,
    names: ReadModelNames,
  ) {
    this.table = names.table(behaviourFunnelDailyProjection, 'behaviour_funnel_daily');
  }

  /** Each day in [from, to] summed over skus, oldest first. */
  daysBetween(from: string, to: string): Promise<FunnelDayRow[]> {
    return this.sql.query<FunnelDayRow>(
      `select day::text as day, sum(views)::text as views, sum(cart_adds)::text as cart_adds,
              sum(checkouts)::text as checkouts, sum(orders)::text as orders
       from ${this.table} where day between $1::date and $2::date
       group by day order by day`,
      [from, to],
    );
  }
}
