import type { PlaceOrderInput } from '@shopstream/order-flow';
import { z } from 'zod';
import {
  amountMinor,
  countryCode,
  currencyCode,
  identifier,
  oneOf,
  quantity,
  text,
} from '../validation/field-rules';

export const MAX_ORDER_LINES = 100;

const orderLine = z.strictObject({
  sku: identifier(64),
  quantity,
  unitPriceMinor: amountMinor,
});

const shippingAddress = z.strictObject({
  name: text(200),
  line1: text(200),
  line2: text(200).nullish(),
  city: text(100),
  postalCode: text(20),
  country: countryCode,
});

/** POST /orders: a public contract; add only optional fields to it. */
export const placeOrderRequest = z.strictObject({
  customerId: identifier(128),
  currency: currencyCode,
  lines: z
    .array(orderLine)
    .min(1, 'must have at least 1 line')
    .max(MAX_ORDER_LINES, `must have at most ${MAX_ORDER_LINES} lines`),
  shippingAddress,
  channel: oneOf(['WEB', 'MOBILE_APP', 'MARKETPLACE', 'STORE', 'API']).optional(),
});

export type PlaceOrderRequest = z.output<typeof placeOrderRequest>;

export function toPlaceOrderInput(request: PlaceOrderRequest): PlaceOrderInput {
  const { line2, ...address } = request.shippingAddress;
  return {
    customerId: request.customerId,
    currency: request.currency,
    lines: request.lines,
    shippingAddress: { ...address, line2: line2 ?? null },
    ...(request.channel ? { channel: request.channel } : {}),
  };
}
