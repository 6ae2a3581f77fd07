import { seededRandom } from '../order-flow-history';
import {
  countOrders,
  DELIVERY_DELAY_MS,
  Fate,
  nextAction,
  observe,
  OrderAction,
  scriptedOrder,
  ShopOrderStatus,
} from './order-script';

/** The statuses each action is legal from, by the orders state machine and the shipment's. */
const LEGAL_FROM: Record<OrderAction, ShopOrderStatus> = {
  pay: 'CONFIRMED',
  'fail-payment': 'CONFIRMED',
  cancel: 'PAID',
  ship: 'PAID',
  deliver: 'SHIPPED',
  return: 'DELIVERED',
};
const STATUSES: ShopOrderStatus[] = [
  'PENDING',
  'CONFIRMED',
  'REJECTED',
  'PAID',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
  'REFUNDED',
];
const FATES: Fate[] = ['deliver', 'return', 'cancel', 'fail-payment', 'never-pay'];

describe('order script', () => {
  it('walks a delivered order through pay, ship and deliver, each once', () => {
    const order = scriptedOrder('o', 1_000, 'deliver');
    const step = (status: ShopOrderStatus, now: number) => {
      observe(order, status, now);
      const action = nextAction(order, now);
      if (action) order.sent.add(action);
      return action;
    };
    expect(step('PENDING', 0)).toBeUndefined();
    expect(step('CONFIRMED', 1)).toBe('pay');
    expect(step('CONFIRMED', 2)).toBeUndefined();
    expect(step('PAID', 3)).toBe('ship');
    expect(step('SHIPPED', 4)).toBeUndefined();
    expect(step('SHIPPED', 4 + DELIVERY_DELAY_MS)).toBe('deliver');
    expect(step('SHIPPED', 5 + DELIVERY_DELAY_MS)).toBeUndefined();
    expect(step('DELIVERED', 6 + DELIVERY_DELAY_MS)).toBeUndefined();
  });

  it('sends nothing while a request is on its way', () => {
    const order = scriptedOrder('o', 1_000, 'deliver');
    observe(order, 'CONFIRMED', 0);
    order.busy = true;
    expect(nextAction(order, 0)).toBeUndefined();
  });

  it('over any order of statuses seen, sends only actions legal from the status seen, each at most once, and counts each order once', () => {
    const random = seededRandom(5);
    const orders = [];
    for (let i = 0; i < 2_000; i++) {
      const order = scriptedOrder(`o${i}`, 1_000, FATES[i % FATES.length]!);
      const sent: OrderAction[] = [];
      let now = 0;
      for (let n = 0; n < 12; n++) {
        now += Math.floor(random() * 800);
        observe(order, STATUSES[Math.floor(random() * STATUSES.length)]!, now);
        const action = nextAction(order, now);
        if (!action) continue;
        expect(LEGAL_FROM[action]).toBe(order.status);
        sent.push(action);
        order.sent.add(action);
        if (random() < 0.8) order.accepted.add(action);
      }
      expect(new Set(sent).size).toBe(sent.length);
      orders.push(order);
    }
    const c = countOrders(orders);
    expect(c.ordersPlaced).toBe(orders.length);
    expect(c.paid).toBeLessThanOrEqual(c.confirmed);
    expect(c.shipped).toBeLessThanOrEqual(c.paid);
    expect(c.delivered).toBeLessThanOrEqual(c.shipped);
  });

  it('counts confirmed and rejected orders apart, never more than were placed', () => {
    const confirmed = scriptedOrder('a', 1, 'deliver');
    observe(confirmed, 'CONFIRMED', 0);
    observe(confirmed, 'PAID', 1);
    const rejected = scriptedOrder('b', 1, 'deliver');
    observe(rejected, 'REJECTED', 0);
    const pending = scriptedOrder('c', 1, 'deliver');
    expect(countOrders([confirmed, rejected, pending])).toMatchObject({
      ordersPlaced: 3,
      confirmed: 1,
      rejected: 1,
      paid: 1,
      open: 2,
    });
  });
});
