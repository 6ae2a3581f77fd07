import { identifier } from './field-rules';
import { ZodParamPipe } from './zod.pipe';

/** Path parameters: ids and SKUs are visible ASCII without spaces; anything else can't name a thing we store. */
export const orderIdParam = () => new ZodParamPipe('orderId', identifier(128));
export const shipmentIdParam = () => new ZodParamPipe('shipmentId', identifier(128));
export const skuParam = () => new ZodParamPipe('sku', identifier(64));
