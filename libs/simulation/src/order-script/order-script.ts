/** What the simulator, playing customer, payment provider and warehouse, has in mind for one order. */
export type Fate = 'deliver' | 'return' | 'cancel' | 'fail-payment' | 'never-pay';

/** An order's status on the write side, as `ShopClient.statuses` reports it. */
export type ShopOrderStatus =
  'PENDING' | 'CONFIRMED' | 'REJECTED' | 'PAID' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED' | 'REFUNDED';

/** A request that moves an order on; each is sent at most once per order. */
export type OrderAction = 'pay' | 'fail-payment' | 'cancel' | 'ship' | 'deliver' | 'return';

export interface ScriptedOrder {
  readonly orderId: string;
  readonly totalMinor: number;
  readonly fate: Fate;
  /** The last status seen. */
  status: ShopOrderStatus;
  /** How far along the happy path it has been seen: PAID, then cancelled, still counts as paid. */
  furthest: ShopOrderStatus;
  /** Actions sent (whatever their answer): never sent twice, since the second would be refused. */
  readonly sent: Set<OrderAction>;
  /** Actions the shop accepted. */
  readonly accepted: Set<OrderAction>;
  /** An action is on its way: nothing else is sent until it is answered. */
  busy: boolean;
  /** When SHIPPED was first seen: a parcel takes a while to arrive. */
  shippedSeenAt?: number;
  shipmentId?: string;
}

const PATH: readonly ShopOrderStatus[] = ['PENDING', 'CONFIRMED', 'PAID', 'SHIPPED', 'DELIVERED'];
const FINAL: ReadonlySet<ShopOrderStatus> = new Set(['REJECTED', 'CANCELLED', 'REFUNDED']);

/** How long a shipped parcel travels before the warehouse reports it delivered. */
export const DELIVERY_DELAY_MS = 1_000;

export function scriptedOrder(orderId: string, totalMinor: number, fate: Fate): ScriptedOrder {
  return {
    orderId,
    totalMinor,
    fate,
    status: 'PENDING',
    furthest: 'PENDING',
    sent: new Set(),
    accepted: new Set(),
    busy: false,
  };
}

export const isShopOrderStatus = (status: string): status is ShopOrderStatus =>
  (PATH as readonly string[]).includes(status) || FINAL.has(status as ShopOrderStatus);

/** Takes in a status read from the shop. */
export function observe(order: ScriptedOrder, status: ShopOrderStatus, now: number): void {
  order.status = status;
  if (PATH.indexOf(status) > PATH.indexOf(order.furthest)) order.furthest = status;
  if (status === 'SHIPPED' && order.shippedSeenAt === undefined) order.shippedSeenAt = now;
}

/**
 * The one request the order's status allows now and its fate wants, if any: the order state machine's table
 * (CONFIRMED takes a payment, PAID a cancellation or a shipment, SHIPPED a delivery, DELIVERED a return), less
 * what was sent already and anything while a request is on its way.
 */
export function nextAction(order: ScriptedOrder, now: number): OrderAction | undefined {
  if (order.busy) return undefined;
  const once = (action: OrderAction) => (order.sent.has(action) ? undefined : action);
  switch (order.status) {
    case 'CONFIRMED':
      if (order.fate === 'never-pay') return undefined;
      return once(order.fate === 'fail-payment' ? 'fail-payment' : 'pay');
    case 'PAID':
      return once(order.fate === 'cancel' ? 'cancel' : 'ship');
    case 'SHIPPED':
      return now - (order.shippedSeenAt ?? now) >= DELIVERY_DELAY_MS ? once('deliver') : undefined;
    case 'DELIVERED':
      return order.fate === 'return' ? once('return') : undefined;
    default:
      return undefined;
  }
}

/** Nothing more will happen to it: a final status, or delivered and kept (or returned, waiting for the refund). */
export function isSettled(order: ScriptedOrder): boolean {
  if (FINAL.has(order.status)) return true;
  if (order.fate === 'never-pay' && order.status === 'CONFIRMED') return true;
  return order.status === 'DELIVERED' && (order.fate !== 'return' || order.sent.has('return'));
}

export interface OrderCounts {
  ordersPlaced: number;
  confirmed: number;
  rejected: number;
  paid: number;
  paymentFailed: number;
  unpaid: number;
  cancelled: number;
  shipped: number;
  delivered: number;
  returned: number;
  /** Not settled when the run ended. */
  open: number;
}

const reached = (order: ScriptedOrder, status: ShopOrderStatus) =>
  PATH.indexOf(order.furthest) >= PATH.indexOf(status);

/**
 * The counts, each order counted once by what was seen of it: so confirmed + rejected never exceed placed, and
 * delivered never exceeds shipped.
 */
export function countOrders(orders: Iterable<ScriptedOrder>): OrderCounts {
  const counts: OrderCounts = {
    ordersPlaced: 0,
    confirmed: 0,
    rejected: 0,
    paid: 0,
    paymentFailed: 0,
    unpaid: 0,
    cancelled: 0,
    shipped: 0,
    delivered: 0,
    returned: 0,
    open: 0,
  };
  for (const order of orders) {
    counts.ordersPlaced++;
    if (order.status === 'REJECTED') counts.rejected++;
    if (reached(order, 'CONFIRMED')) counts.confirmed++;
    if (reached(order, 'PAID')) counts.paid++;
    if (reached(order, 'SHIPPED')) counts.shipped++;
    if (reached(order, 'DELIVERED')) counts.delivered++;
    if (order.accepted.has('return')) counts.returned++;
    const ended = order.status === 'CANCELLED' || order.status === 'REFUNDED';
    if (ended && order.accepted.has('fail-payment')) counts.paymentFailed++;
    else if (ended && !order.accepted.has('return')) counts.cancelled++;
    if (order.fate === 'never-pay' && order.status === 'CONFIRMED') counts.unpaid++;
    if (!isSettled(order)) counts.open++;
  }
  return counts;
}
