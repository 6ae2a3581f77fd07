import { z } from 'zod';
import { shipmentsProjection } from '@shopstream/read-models';
import { iso } from '../money';
import { ReadStores } from '../read-stores';

export const shipmentDetails = z.object({
  shipmentId: z.string(),
  orderId: z.string(),
  status: z.string(),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  shipTo: z.object({ city: z.string().nullable(), country: z.string().nullable() }),
  createdAt: z.string().nullable(),
  dispatchedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  returnedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  updatedAt: z.string(),
});
export type ShipmentDetails = z.infer<typeof shipmentDetails>;

export const GET_SHIPMENT_READS = [shipmentsProjection];

export async function getShipment(stores: ReadStores, shipmentId: string): Promise<ShipmentDetails | null> {
  const r = await stores.shipments.find(shipmentId);
  if (!r) return null;
  return {
    shipmentId: r.shipment_id,
    orderId: r.order_id,
    status: r.status,
    carrier: r.carrier,
    trackingNumber: r.tracking_number,
    shipTo: { city: r.ship_to_city, country: r.ship_to_country },
    createdAt: iso(r.created_at),
    dispatchedAt: iso(r.dispatched_at),
    deliveredAt: iso(r.delivered_at),
    returnedAt: iso(r.returned_at),
    returnReason: r.return_reason,
    updatedAt: r.updated_at.toISOString(),
  };
}
