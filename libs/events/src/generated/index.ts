// Generated from schemas/ by `shopstream schemas generate`; do not edit.
import type { BehaviourEvent } from './behaviour.events.generated';
import type { InventoryEvent } from './inventory.events.generated';
import type { OrdersEvent } from './orders.events.generated';
import type { PaymentsEvent } from './payments.events.generated';
import type { PlatformEvent } from './platform.events.generated';
import type { ShipmentsEvent } from './shipments.events.generated';

export * from './common.types.generated';
export * from './behaviour.events.generated';
export * from './inventory.events.generated';
export * from './orders.events.generated';
export * from './payments.events.generated';
export * from './platform.events.generated';
export * from './shipments.events.generated';
export * from './event-schemas.generated';

/** Every Shopstream event at its latest schema version, across all topics; switch on `type`. */
export type ShopstreamEvent =
  BehaviourEvent | InventoryEvent | OrdersEvent | PaymentsEvent | PlatformEvent | ShipmentsEvent;

/** Wire name of a Shopstream event, e.g. `shopstream.orders.OrderPlaced`. */
export type EventType = ShopstreamEvent['type'];

/** The event with wire name `T`. */
export type EventOfType<T extends EventType> = Extract<ShopstreamEvent, { type: T }>;

/** Kafka topic each event is published on. */
export const TOPIC_OF_EVENT: Readonly<Record<EventType, string>> = {
  'shopstream.behaviour.CartItemAdded': 'shopstream.behaviour',
  'shopstream.behaviour.CartItemRemoved': 'shopstream.behaviour',
  'shopstream.behaviour.CheckoutStarted': 'shopstream.behaviour',
  'shopstream.behaviour.ProductViewed': 'shopstream.behaviour',
  'shopstream.behaviour.SearchPerformed': 'shopstream.behaviour',
  'shopstream.inventory.LowStockDetected': 'shopstream.inventory',
  'shopstream.inventory.LowStockThresholdSet': 'shopstream.inventory',
  'shopstream.inventory.StockAdjusted': 'shopstream.inventory',
  'shopstream.inventory.StockCommitted': 'shopstream.inventory',
  'shopstream.inventory.StockReceived': 'shopstream.inventory',
  'shopstream.inventory.StockReleased': 'shopstream.inventory',
  'shopstream.inventory.StockReplenished': 'shopstream.inventory',
  'shopstream.inventory.StockReservationFailed': 'shopstream.inventory',
  'shopstream.inventory.StockReserved': 'shopstream.inventory',
  'shopstream.orders.OrderCancelled': 'shopstream.orders',
  'shopstream.orders.OrderConfirmed': 'shopstream.orders',
  'shopstream.orders.OrderDelivered': 'shopstream.orders',
  'shopstream.orders.OrderPaid': 'shopstream.orders',
  'shopstream.orders.OrderPlaced': 'shopstream.orders',
  'shopstream.orders.OrderRefunded': 'shopstream.orders',
  'shopstream.orders.OrderRejected': 'shopstream.orders',
  'shopstream.orders.OrderShipped': 'shopstream.orders',
  'shopstream.payments.PaymentAuthorized': 'shopstream.payments',
  'shopstream.payments.PaymentCaptured': 'shopstream.payments',
  'shopstream.payments.PaymentFailed': 'shopstream.payments',
  'shopstream.payments.PaymentRefunded': 'shopstream.payments',
  'shopstream.platform.SelfCheck': 'shopstream.platform',
  'shopstream.shipments.ShipmentCreated': 'shopstream.shipments',
  'shopstream.shipments.ShipmentDelivered': 'shopstream.shipments',
  'shopstream.shipments.ShipmentDispatched': 'shopstream.shipments',
  'shopstream.shipments.ShipmentReturned': 'shopstream.shipments',
};

/** Latest schema version of each event: the version producers write and readers upcast to. */
export const LATEST_VERSION: Readonly<Record<EventType, number>> = {
  'shopstream.behaviour.CartItemAdded': 1,
  'shopstream.behaviour.CartItemRemoved': 1,
  'shopstream.behaviour.CheckoutStarted': 1,
  'shopstream.behaviour.ProductViewed': 1,
  'shopstream.behaviour.SearchPerformed': 1,
  'shopstream.inventory.LowStockDetected': 1,
  'shopstream.inventory.LowStockThresholdSet': 1,
  'shopstream.inventory.StockAdjusted': 1,
  'shopstream.inventory.StockCommitted': 1,
  'shopstream.inventory.StockReceived': 1,
  'shopstream.inventory.StockReleased': 1,
  'shopstream.inventory.StockReplenished': 1,
  'shopstream.inventory.StockReservationFailed': 1,
  'shopstream.inventory.StockReserved': 1,
  'shopstream.orders.OrderCancelled': 1,
  'shopstream.orders.OrderConfirmed': 1,
  'shopstream.orders.OrderDelivered': 1,
  'shopstream.orders.OrderPaid': 1,
  'shopstream.orders.OrderPlaced': 2,
  'shopstream.orders.OrderRefunded': 1,
  'shopstream.orders.OrderRejected': 1,
  'shopstream.orders.OrderShipped': 1,
  'shopstream.payments.PaymentAuthorized': 1,
  'shopstream.payments.PaymentCaptured': 1,
  'shopstream.payments.PaymentFailed': 1,
  'shopstream.payments.PaymentRefunded': 1,
  'shopstream.platform.SelfCheck': 1,
  'shopstream.shipments.ShipmentCreated': 1,
  'shopstream.shipments.ShipmentDelivered': 1,
  'shopstream.shipments.ShipmentDispatched': 1,
  'shopstream.shipments.ShipmentReturned': 1,
};
