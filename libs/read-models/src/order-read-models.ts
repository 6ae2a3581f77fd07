import { customerOrdersProjection } from './customer-orders/customer-orders.projection';
import { orderLinesProjection } from './order-lines/order-lines.projection';
import { orderSummaryProjection } from './order-summary/order-summary.projection';
import { orderTimelineProjection } from './order-timeline/order-timeline.projection';
import { paymentsProjection } from './payments/payments.projection';
import { shipmentsProjection } from './shipments/shipments.projection';

/** The read models about orders and what happens to them, one projection each. */
export const ORDER_READ_MODELS = [
  orderSummaryProjection,
  orderLinesProjection,
  orderTimelineProjection,
  customerOrdersProjection,
  paymentsProjection,
  shipmentsProjection,
] as const;
