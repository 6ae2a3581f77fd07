/** A channel a client can subscribe to, parsed from its name. */
export type Channel =
  | { readonly kind: 'stock'; readonly name: string; readonly sku: string }
  | { readonly kind: 'stock-board'; readonly name: 'stock' }
  | { readonly kind: 'order'; readonly name: string; readonly orderId: string }
  | { readonly kind: 'customer-orders'; readonly name: string; readonly customerId: string }
  | { readonly kind: 'alerts'; readonly name: 'alerts:low-stock' };

/** Which log and read model feeds a channel. */
export type ChannelSource = 'stock' | 'orders' | 'alerts';

// Ids as the commerce API accepts them: printable, no spaces, bounded.
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/;

export const CHANNEL_NAMES = [
  'stock:<sku>',
  'stock',
  'order:<orderId>',
  'customer:<customerId>:orders',
  'alerts:low-stock',
] as const;

/** The channel `name` denotes, or null when it names none. */
export function parseChannel(name: string): Channel | null {
  if (name === 'stock') return { kind: 'stock-board', name: 'stock' };
  if (name === 'alerts:low-stock') return { kind: 'alerts', name: 'alerts:low-stock' };
  if (name.startsWith('customer:') && name.endsWith(':orders')) {
    const customerId = name.slice('customer:'.length, -':orders'.length);
    return ID.test(customerId) ? { kind: 'customer-orders', name, customerId } : null;
  }
  const [prefix, ...rest] = name.split(':');
  const id = rest.join(':');
  if (!ID.test(id)) return null;
  if (prefix === 'stock') return { kind: 'stock', name, sku: id };
  if (prefix === 'order') return { kind: 'order', name, orderId: id };
  return null;
}

export function sourceOf(channel: Channel): ChannelSource {
  switch (channel.kind) {
    case 'stock':
    case 'stock-board':
      return 'stock';
    case 'order':
    case 'customer-orders':
      return 'orders';
    case 'alerts':
      return 'alerts';
  }
}

/** The key (sku or order id) a channel follows; null for a channel that follows every key of its source. */
export function keyOf(channel: Channel): string | null {
  switch (channel.kind) {
    case 'stock':
      return channel.sku;
    case 'order':
      return channel.orderId;
    case 'stock-board':
    case 'customer-orders':
    case 'alerts':
      return null;
  }
}

/**
 * Whether a channel that follows no single key shows a change of `data`: a customer's orders channel shows only
 * that customer's orders (known from the order's committed row, since most orders events do not name the customer).
 */
export function shows(channel: Channel, data: object | null): boolean {
  if (channel.kind !== 'customer-orders') return true;
  return (data as { customerId?: unknown } | null)?.customerId === channel.customerId;
}
