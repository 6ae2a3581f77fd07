import { EventOfType } from '@shopstream/events';
import { ProjectedEvent } from '@shopstream/projections';

export const BEHAVIOUR_FUNNEL_EVENTS = [
  'shopstream.behaviour.ProductViewed',
  'shopstream.behaviour.CartItemAdded',
  'shopstream.behaviour.CartItemRemoved',
  'shopstream.behaviour.CheckoutStarted',
  'shopstream.orders.OrderPlaced',
] as const;

export type BehaviourFunnelEvent = EventOfType<(typeof BEHAVIOUR_FUNNEL_EVENTS)[number]>;

export interface FunnelDayChange {
  day: string;
  sku: string;
  views: number;
  cartAdds: number;
  checkouts: number;
  orders: number;
}

/** session id -> sku -> units in the cart. */
export type SessionCarts = Map<string, Map<string, number>>;

export interface FunnelFold {
  changes: FunnelDayChange[];
  /** The full cart of every session the batch touched (empty map: the cart is now empty). */
  carts: SessionCarts;
}

/**
 * Folds a batch into per-(day, sku) counters, starting from the stored carts of its sessions. Behaviour events are
 * keyed by session, so a session's adds, removes and checkouts arrive in order; orders come from another topic and
 * only add to counters, so their position relative to behaviour events does not matter.
 */
export function foldBehaviourFunnel(
  batch: readonly ProjectedEvent<BehaviourFunnelEvent>[],
  stored: SessionCarts,
): FunnelFold {
  const carts: SessionCarts = new Map();
  const cartOf = (sessionId: string) => {
    let cart = carts.get(sessionId);
    if (!cart) {
      cart = new Map(stored.get(sessionId) ?? []);
      carts.set(sessionId, cart);
    }
    return cart;
  };
  const changes = new Map<string, FunnelDayChange>();
  const count = (at: number, sku: string, field: 'views' | 'cartAdds' | 'checkouts' | 'orders') => {
    const day = new Date(at).toISOString().slice(0, 10);
    const key = `${day}\u0000${sku}`;
    let change = changes.get(key);
    if (!change) {
      change = { day, sku, views: 0, cartAdds: 0, checkouts: 0, orders: 0 };
      changes.set(key, change);
    }
    change[field] += 1;
  };
  for (const { event } of batch) {
    const at = event.metadata.occurredAt;
    switch (event.type) {
      case 'shopstream.behaviour.ProductViewed':
        count(at, event.sku, 'views');
        break;
      case 'shopstream.behaviour.CartItemAdded': {
        const cart = cartOf(event.sessionId);
        cart.set(event.sku, (cart.get(event.sku) ?? 0) + event.quantity);
        count(at, event.sku, 'cartAdds');
        break;
      }
      case 'shopstream.behaviour.CartItemRemoved': {
        const cart = cartOf(event.sessionId);
        // Removing more than the cart holds (or a sku it never held) empties that line rather than going negative.
        const left = (cart.get(event.sku) ?? 0) - event.quantity;
        if (left > 0) cart.set(event.sku, left);
        else cart.delete(event.sku);
        break;
      }
      case 'shopstream.behaviour.CheckoutStarted':
        // The cart is kept after checkout: the shopper may abandon it and check out again, which counts again.
        for (const sku of cartOf(event.sessionId).keys()) count(at, sku, 'checkouts');
        break;
      case 'shopstream.orders.OrderPlaced':
        for (const sku of new Set(event.lines.map((line) => line.sku))) count(at, sku, 'orders');
        break;
      default: {
        const unreachable: never = event;
        throw new Error(`Unhandled event ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return { changes: [...changes.values()], carts };
}
