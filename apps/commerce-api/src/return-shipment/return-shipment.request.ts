import { z } from 'zod';
import { text } from '../validation/field-rules';

/** POST /shipments/:shipmentId/return: the parcel came back. */
export const returnShipmentRequest = z.strictObject({ reason: text(500).nullish() });

export type ReturnShipmentRequest = z.output<typeof returnShipmentRequest>;
