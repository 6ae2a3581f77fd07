import {
  EventOfType,
  ORDERS_EVENT_TYPES,
  PAYMENTS_EVENT_TYPES,
  SHIPMENTS_EVENT_TYPES,
} from '@shopstream/events';

/** Every event that concerns one order: its own, its payments' and shipments', and the stock moved for it. */
export const ORDER_TIMELINE_EVENTS = [
  ...ORDERS_EVENT_TYPES,
  ...PAYMENTS_EVENT_TYPES,
  ...SHIPMENTS_EVENT_TYPES,
  'shopstream.inventory.StockReserved',
  'shopstream.inventory.StockReservationFailed',
  'shopstream.inventory.StockReleased',
  'shopstream.inventory.StockCommitted',
] as const;

export type OrderTimelineEvent = EventOfType<(typeof ORDER_TIMELINE_EVENTS)[number]>;
