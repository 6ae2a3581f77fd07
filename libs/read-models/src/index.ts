import { Projection } from '@shopstream/projections';
import { ORDER_READ_MODELS } from './order-read-models';
import { STOCK_SALES_BEHAVIOUR_READ_MODELS } from './stock-sales-behaviour-read-models';

export { customerOrdersProjection } from './customer-orders/customer-orders.projection';
export { orderLinesProjection } from './order-lines/order-lines.projection';
export { orderSummaryProjection } from './order-summary/order-summary.projection';
export { orderTimelineProjection } from './order-timeline/order-timeline.projection';
export { paymentsProjection } from './payments/payments.projection';
export { shipmentsProjection } from './shipments/shipments.projection';
export { behaviourFunnelDailyProjection } from './behaviour-funnel-daily/behaviour-funnel-daily.projection';
export { lowStockAlertsProjection } from './low-stock-alerts/low-stock-alerts.projection';
export { salesByDayProjection } from './sales-by-day/sales-by-day.projection';
export { salesByProductHourProjection } from './sales-by-product-hour/sales-by-product-hour.projection';
export { stockLevelsProjection } from './stock-levels/stock-levels.projection';
export { stockMovementsProjection } from './stock-movements/stock-movements.projection';
export { topSearchesProjection } from './top-searches/top-searches.projection';
export { ORDER_READ_MODELS } from './order-read-models';
export { STOCK_SALES_BEHAVIOUR_READ_MODELS } from './stock-sales-behaviour-read-models';

/** Every read model the projector runs, each its own projection with its own consumer group and tables. */
export const READ_MODELS: readonly Projection[] = [
  ...ORDER_READ_MODELS,
  ...STOCK_SALES_BEHAVIOUR_READ_MODELS,
];
export * from './queries/order-view.query';
