import type { SubscribeOptions } from '../subscribe/subscribe-options';
import type { EventsOf, KnownTopic, TopicRef } from './event-types';

/** The options subscribe() would accept, checked by the compiler only: `npm run typecheck` fails if they drift. */
function options<const Topics extends readonly TopicRef[]>(
  o: SubscribeOptions<Topics>,
): SubscribeOptions<Topics> {
  return o;
}

describe('handler types generated from schemas/', () => {
  it('types each handler with the event it is named after', () => {
    const o = options({
      group: 'g',
      topics: ['shopstream.orders', 'shopstream.payments'],
      handlers: {
        OrderPaid: async (event) => {
          const amount: number = event.amountMinor;
          expect(typeof amount).toBe('number');
        },
        PaymentCaptured: async (event, ctx) => {
          const type: 'shopstream.payments.PaymentCaptured' = event.type;
          expect([type, ctx.topic]).toBeDefined();
        },
      },
    });
    expect(Object.keys(o.handlers ?? {})).toEqual(['OrderPaid', 'PaymentCaptured']);
  });

  it('rejects a handler for an event that is not published on the subscribed topics', () => {
    const o = options({
      group: 'g',
      topics: ['shopstream.orders'],
      handlers: {
        OrderPaid: async () => undefined,
        // @ts-expect-error StockReserved is published on shopstream.inventory, which is not subscribed.
        StockReserved: async () => undefined,
      },
    });
    expect(o.group).toBe('g');
  });

  it('rejects a handler for an event that does not exist', () => {
    const o = options({
      group: 'g',
      topics: ['shopstream.orders'],
      // @ts-expect-error there is no OrderTeleported event in schemas/.
      handlers: { OrderTeleported: async () => undefined },
    });
    expect(o.group).toBe('g');
  });

  it('takes the events of the topic a renamed topic carries', () => {
    const o = options({
      group: 'g',
      topics: [{ name: 'orders_copy_for_a_test', carries: 'shopstream.orders' }],
      handlers: {
        OrderRefunded: async (event) => expect(event.reason === null || typeof event.reason).toBeTruthy(),
      },
    });
    expect(o.topics[0]).toEqual({ name: 'orders_copy_for_a_test', carries: 'shopstream.orders' });
  });

  it('rejects a topic the generated types do not know', () => {
    // @ts-expect-error shopstream.wishlists is not a topic of schemas/.
    const topic: KnownTopic = 'shopstream.wishlists';
    expect(topic).toBeDefined();
  });

  it('gives a batch handler the union of the topics events', () => {
    type OrdersOnly = EventsOf<['shopstream.orders']>['type'];
    // @ts-expect-error a payments event is not among the orders events.
    const wrong: OrdersOnly = 'shopstream.payments.PaymentCaptured';
    const right: OrdersOnly = 'shopstream.orders.OrderPlaced';
    expect([wrong, right]).toHaveLength(2);
  });
});
