import { NotYourOrderError, Principal } from '@shopstream/access';

/**
 * A customer token may touch only its own customer's orders: throws unless `customerId` (the order's, or the one a
 * request names) is the token's. Any other principal passed the route's scopes already.
 */
export function assertOwnOrder(principal: Principal | null, customerId: string | null, what: string): void {
  if (principal?.kind !== 'customer') return;
  if (customerId !== principal.customerId) throw new NotYourOrderError(what);
}
