/**
 * Shipping charged on an order, in minor units of its currency: free from 50.00, a flat 4.95 below. Not part of the
 * public request: the shop decides it, so a client can't set its own.
 */
export function shippingFor(subtotalMinor: number): number {
  return subtotalMinor >= 5_000 ? 0 : 495;
}
