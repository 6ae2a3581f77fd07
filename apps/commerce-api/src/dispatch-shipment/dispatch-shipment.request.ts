import { z } from 'zod';
import { text } from '../validation/field-rules';

/** POST /shipments/:shipmentId/dispatch: the parcel left with a carrier. */
export const dispatchShipmentRequest = z.strictObject({ carrier: text(100), trackingNumber: text(100) });

export type DispatchShipmentRequest = z.output<typeof dispatchShipmentRequest>;
