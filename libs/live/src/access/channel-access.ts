import { holdsAny, Principal, Scope } from '@shopstream/access';
import { Channel } from '../protocol/channel';

const ORDER_READERS: readonly Scope[] = ['storefront', 'merchant', 'warehouse', 'analyst'];
const CUSTOMER_READERS: readonly Scope[] = ['storefront', 'merchant', 'analyst'];
const ALERT_READERS: readonly Scope[] = ['warehouse', 'merchant', 'analyst'];

/**
 * Why `principal` may not follow `channel`, or null when it may: the HTTP APIs' rules. Stock is public when so
 * configured (else any credential); a customer token follows only its own orders; an `order:` channel's owner is
 * looked up (`ownerOf`), so an order not yet in the read models is refused to a customer token until it is.
 */
export async function refusalOf(
  principal: Principal | null,
  channel: Channel,
  options: { publicStock: boolean; ownerOf: (orderId: string) => Promise<string | null> },
): Promise<string | null> {
  const needs = (scopes: readonly Scope[]) =>
    `${channel.name} needs an API key with one of ${scopes.join(', ')} (or admin)`;
  switch (channel.kind) {
    case 'stock':
    case 'stock-board':
      return options.publicStock || principal ? null : 'stock channels need a credential here';
    case 'alerts':
      return principal && holdsAny(principal, ALERT_READERS) ? null : needs(ALERT_READERS);
    case 'customer-orders':
      if (principal?.kind === 'customer')
        return principal.customerId === channel.customerId
          ? null
          : 'a customer token follows only its own orders';
      return principal && holdsAny(principal, CUSTOMER_READERS) ? null : needs(CUSTOMER_READERS);
    case 'order':
      if (principal?.kind === 'customer')
        return (await options.ownerOf(channel.orderId)) === principal.customerId
          ? null
          : `a customer token follows only its own orders; ${channel.name} is not one of them (or not known yet)`;
      return principal && holdsAny(principal, ORDER_READERS) ? null : needs(ORDER_READERS);
  }
}
