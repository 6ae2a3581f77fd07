import { SqlExecutor } from '@shopstream/database';
import { ReadModelNames } from './read-model-names/read-model-names';
import { BehaviourFunnelDailyStore } from './stores/behaviour-funnel-daily.store';
import { CustomerOrdersStore } from './stores/customer-orders.store';
import { OrderLinesStore } from './stores/order-lines.store';
import { OrderSummaryStore } from './stores/order-summary.store';
import { OrderTimelineStore } from './stores/order-timeline.store';
import { PaymentsStore } from './stores/payments.store';
import { SalesByDayStore } from './stores/sales-by-day.store';
import { SalesByProductHourStore } from './stores/sales-by-product-hour.store';
import { ShipmentsStore } from './stores/shipments.store';
import { StockLevelsStore } from './stores/stock-levels.store';
import { StockMovementsStore } from './stores/stock-movements.store';
import { TopSearchesStore } from './stores/top-searches.store';

/** A store per read-model table, over one connection pool. */
export interface ReadStores {
  readonly orderSummary: OrderSummaryStore;
  readonly orderLines: OrderLinesStore;
  readonly orderTimeline: OrderTimelineStore;
  readonly customerOrders: CustomerOrdersStore;
  readonly stockLevels: StockLevelsStore;
  readonly stockMovements: StockMovementsStore;
  readonly shipments: ShipmentsStore;
  readonly payments: PaymentsStore;
  readonly salesByDay: SalesByDayStore;
  readonly salesByProductHour: SalesByProductHourStore;
  readonly behaviourFunnelDaily: BehaviourFunnelDailyStore;
  readonly topSearches: TopSearchesStore;
}

export function createReadStores(sql: SqlExecutor, names: ReadModelNames): ReadStores {
  return {
    orderSummary: new OrderSummaryStore(sql, names),
    orderLines: new OrderLinesStore(sql, names),
    orderTimeline: new OrderTimelineStore(sql, names),
    customerOrders: new CustomerOrdersStore(sql, names),
    stockLevels: new StockLevelsStore(sql, names),
    stockMovements: new StockMovementsStore(sql, names),
    shipments: new ShipmentsStore(sql, names),
    payments: new PaymentsStore(sql, names),
    salesByDay: new SalesByDayStore(sql, names),
    salesByProductHour: new SalesByProductHourStore(sql, names),
    behaviourFunnelDaily: new BehaviourFunnelDailyStore(sql, names),
    topSearches: new TopSearchesStore(sql, names),
  };
}
