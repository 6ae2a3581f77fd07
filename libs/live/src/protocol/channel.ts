/** A channel a client can subscribe to, parsed from its name. */
export type Channel =
  | { readonly kind: 'stock'; readonly name: string; readonly sku: string }
  | { readonly kind: 'stock-board'; readonly name: 'stock' }
  | { readonly kind: 'order'; readonly name: string; readonly orderId: string };

/** Which log and read model feeds a channel. */
export type ChannelSource = 'stock' | 'orders';

// Ids as the commerce API accepts them: printable, no spaces, bounded.
const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

export const CHANNEL_NAMES = ['stock:<sku>', 'stock', 'order:<orderId>'] as const;

/** The channel `name` denotes, or null when it names none. */
export function parseChannel(name: string): Channel | null {
  if (name === 'stock') return { kind: 'stock-board', name: 'stock' };
  const [prefix, ...rest] = name.split(':');
  const id = rest.join(':');
  if (!ID.test(id)) return null;
  if (prefix === 'stock') return { kind: 'stock', name, sku: id };
  if (prefix === 'order') return { kind: 'order', name, orderId: id };
  return null;
}

export const sourceOf = (channel: Channel): ChannelSource => (channel.kind === 'order' ? 'orders' : 'stock');

/** The key (sku or order id) a channel follows; null for a channel that follows every key of its source. */
export function keyOf(channel: Channel): string | null {
  switch (channel.kind) {
    case 'stock':
      return channel.sku;
    case 'order':
      return channel.orderId;
    case 'stock-board':
      return null;
  }
}
