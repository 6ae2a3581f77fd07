import { EventOfType } from '@shopstream/events';
import { ProjectedEvent } from '@shopstream/projections';

export const STOCK_MOVEMENTS_EVENTS = [
  'shopstream.inventory.StockReceived',
  'shopstream.inventory.StockAdjusted',
  'shopstream.inventory.StockReserved',
  'shopstream.inventory.StockReleased',
  'shopstream.inventory.StockCommitted',
] as const;

export type StockMovementEvent = EventOfType<(typeof STOCK_MOVEMENTS_EVENTS)[number]>;

export type MovementKind = 'RECEIVED' | 'ADJUSTED' | 'RESERVED' | 'RELEASED' | 'COMMITTED';

export interface StockMovement {
  eventId: string;
  sku: string;
  movement: MovementKind;
  onHandDelta: number;
  reservedDelta: number;
  orderId: string | null;
  reason: string | null;
  occurredAt: number;
  topic: string;
  partition: number;
  offset: string;
}

export function toStockMovement(projected: ProjectedEvent<StockMovementEvent>): StockMovement {
  const { event, topic, partition, offset } = projected;
  const base = {
    eventId: event.metadata.eventId,
    sku: event.sku,
    occurredAt: event.metadata.occurredAt,
    topic,
    partition,
    offset,
  };
  switch (event.type) {
    case 'shopstream.inventory.StockReceived':
      return {
        ...base,
        movement: 'RECEIVED',
        onHandDelta: event.quantity,
        reservedDelta: 0,
        orderId: null,
        reason: null,
      };
    case 'shopstream.inventory.StockAdjusted':
      return {
        ...base,
        movement: 'ADJUSTED',
        onHandDelta: event.delta,
        reservedDelta: 0,
        orderId: null,
        reason: event.reason,
      };
    case 'shopstream.inventory.StockReserved':
      return {
        ...base,
        movement: 'RESERVED',
        onHandDelta: 0,
        reservedDelta: event.quantity,
        orderId: event.orderId,
        reason: null,
      };
    case 'shopstream.inventory.StockReleased':
      return {
        ...base,
        movement: 'RELEASED',
        onHandDelta: 0,
        reservedDelta: -event.quantity,
        orderId: event.orderId,
        reason: null,
      };
    case 'shopstream.inventory.StockCommitted':
      return {
        ...base,
        movement: 'COMMITTED',
        onHandDelta: -event.quantity,
        reservedDelta: -event.quantity,
        orderId: event.orderId,
        reason: null,
      };
    default: {
      const unreachable: never = event;
      throw new Error(`Unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
}
