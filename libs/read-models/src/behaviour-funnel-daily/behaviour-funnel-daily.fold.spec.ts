import { eventMetadata, givenEvents } from '@shopstream/projections/testing';
import { BehaviourFunnelEvent, foldBehaviourFunnel, SessionCarts } from './behaviour-funnel-daily.fold';

const at = Date.UTC(2026, 10, 27, 10);
const session = { metadata: eventMetadata('s-1', { at }), sessionId: 's-1', customerId: null };

const view = (sku: string): BehaviourFunnelEvent => ({
  type: 'shopstream.behaviour.ProductViewed',
  ...session,
  sku,
});
const add = (sku: string, quantity: number): BehaviourFunnelEvent => ({
  type: 'shopstream.behaviour.CartItemAdded',
  ...session,
  sku,
  quantity,
  unitPriceMinor: 100,
  currency: 'EUR',
});
const remove = (sku: string, quantity: number): BehaviourFunnelEvent => ({
  type: 'shopstream.behaviour.CartItemRemoved',
  ...session,
  sku,
  quantity,
});
const checkout: BehaviourFunnelEvent = {
  type: 'shopstream.behaviour.CheckoutStarted',
  ...session,
  itemCount: 1,
  cartTotalMinor: 100,
  currency: 'EUR',
};

describe('behaviour funnel daily fold', () => {
  it('given a view, an add and a checkout, counts each step for the sku on its day', () => {
    const { changes, carts } = foldBehaviourFunnel(
      givenEvents([view('A'), add('A', 2), checkout]),
      new Map(),
    );
    expect(changes).toEqual([
      { day: '2026-11-27', sku: 'A', views: 1, cartAdds: 1, checkouts: 1, orders: 0 },
    ]);
    expect(carts.get('s-1')).toEqual(new Map([['A', 2]]));
  });

  it('checks out what the stored cart holds, less what the batch removed', () => {
    const stored: SessionCarts = new Map([
      [
        's-1',
        new Map([
          ['A', 1],
          ['B', 3],
        ]),
      ],
    ]);
    const { changes, carts } = foldBehaviourFunnel(givenEvents([remove('A', 5), checkout]), stored);
    expect(changes.map((c) => [c.sku, c.checkouts])).toEqual([['B', 1]]);
    expect(carts.get('s-1')).toEqual(new Map([['B', 3]]));
    expect(stored.get('s-1')?.get('A')).toBe(1);
  });
});
