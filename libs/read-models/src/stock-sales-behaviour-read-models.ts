import { behaviourFunnelDailyProjection } from './behaviour-funnel-daily/behaviour-funnel-daily.projection';
import { lowStockAlertsProjection } from './low-stock-alerts/low-stock-alerts.projection';
import { salesByDayProjection } from './sales-by-day/sales-by-day.projection';
import { salesByProductHourProjection } from './sales-by-product-hour/sales-by-product-hour.projection';
import { stockLevelsProjection } from './stock-levels/stock-levels.projection';
import { stockMovementsProjection } from './stock-movements/stock-movements.projection';
import { topSearchesProjection } from './top-searches/top-searches.projection';

/** The stock, sales and behaviour read models, each its own projection with its own schema and consumer group. */
export const STOCK_SALES_BEHAVIOUR_READ_MODELS = [
  stockLevelsProjection,
  stockMovementsProjection,
  lowStockAlertsProjection,
  salesByProductHourProjection,
  salesByDayProjection,
  behaviourFunnelDailyProjection,
  topSearchesProjection,
] as const;
