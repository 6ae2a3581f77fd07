import { SqlExecutor } from '@shopstream/database';
import { orderTimelineProjection } from '@shopstream/read-models';
import { ReadModelNames } from '../read-model-names/read-model-names';

export interface OrderTimelineRow {
  readonly event_id: string;
  readonly event_type: string;
  readonly occurred_at: Date;
  readonly summary: string;
}

/** Reads order_timeline: what happened to an order, event by event. */
export class OrderTimelineStore {
  private readonly table: string;
  constructor(
    private readonly sql: SqlExecutor,
    names: ReadModelNames,
  ) {
    this.table = names.table(orderTimelineProjection, 'order_timeline');
  }

  ofOrder(orderId: string): Promise<OrderTimelineRow[]> {
    return this.sql.query<OrderTimelineRow>(
      `select event_id, event_type, occurred_at, summary from ${this.table}
       where order_id = $1 order by occurred_at, topic, partition, "offset"`,
      [orderId],
    );
  }
}
