import { ShipmentsEvent } from '@shopstream/events';
import { ProjectedEvent, ProjectionInvariantError } from '@shopstream/projections';

export type ShipmentStatus = 'CREATED' | 'DISPATCHED' | 'DELIVERED' | 'RETURNED';

/**
 * What one batch changes in one shipment's row; null = unknown to this batch, the stored value stays. Folds with
 * the upsert's rules (latest non-null wins, updated_at takes the maximum) so batch boundaries do not show.
 */
export interface ShipmentChange {
  shipmentId: string;
  orderId: string;
  status: ShipmentStatus;
  carrier: string | null;
  trackingNumber: string | null;
  shipToCity: string | null;
  shipToCountry: string | null;
  createdAt: number | null;
  dispatchedAt: number | null;
  deliveredAt: number | null;
  returnedAt: number | null;
  returnReason: string | null;
  updatedAt: number;
}

const STATUS_AFTER: Readonly<Record<ShipmentsEvent['type'], ShipmentStatus>> = {
  'shopstream.shipments.ShipmentCreated': 'CREATED',
  'shopstream.shipments.ShipmentDispatched': 'DISPATCHED',
  'shopstream.shipments.ShipmentDelivered': 'DELIVERED',
  'shopstream.shipments.ShipmentReturned': 'RETURNED',
};

/** Folds a batch into one change per shipment, in log order. */
export function foldShipments(batch: readonly ProjectedEvent<ShipmentsEvent>[]): ShipmentChange[] {
  const changes = new Map<string, ShipmentChange>();
  for (const { event } of batch) {
    const at = event.metadata.occurredAt;
    const change: ShipmentChange = changes.get(event.shipmentId) ?? {
      shipmentId: event.shipmentId,
      orderId: event.orderId,
      status: STATUS_AFTER[event.type],
      carrier: null,
      trackingNumber: null,
      shipToCity: null,
      shipToCountry: null,
      createdAt: null,
      dispatchedAt: null,
      deliveredAt: null,
      returnedAt: null,
      returnReason: null,
      updatedAt: at,
    };
    changes.set(event.shipmentId, change);
    change.orderId = event.orderId;
    change.status = STATUS_AFTER[event.type];
    change.updatedAt = Math.max(change.updatedAt, at);
    switch (event.type) {
      case 'shopstream.shipments.ShipmentCreated':
        change.createdAt = at;
        change.shipToCity = event.address.city;
        change.shipToCountry = event.address.country;
        break;
      case 'shopstream.shipments.ShipmentDispatched':
        change.dispatchedAt = at;
        change.carrier = event.carrier;
        change.trackingNumber = event.trackingNumber;
        break;
      case 'shopstream.shipments.ShipmentDelivered':
        change.deliveredAt = at;
        break;
      case 'shopstream.shipments.ShipmentReturned':
        change.returnedAt = at;
        change.returnReason = event.reason;
        break;
      default: {
        const unreachable: never = event;
        throw new ProjectionInvariantError(
          `shipments does not handle ${(unreachable as { type: string }).type}`,
        );
      }
    }
  }
  return [...changes.values()];
}
