import { z } from 'zod';
import { identifier } from '../validation/field-rules';

/** POST /shipments: one shipment for a paid order. */
export const createShipmentRequest = z.strictObject({ orderId: identifier(128) });

export type CreateShipmentRequest = z.output<typeof createShipmentRequest>;
