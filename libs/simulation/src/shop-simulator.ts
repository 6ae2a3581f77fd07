import { seededRandom } from './order-flow-history';
import {
  countOrders,
  Fate,
  isSettled,
  isShopOrderStatus,
  nextAction,
  observe,
  OrderAction,
  OrderCounts,
  ScriptedOrder,
  scriptedOrder,
} from './order-script/order-script';
import { PacingFigures, pacingVerdict, PacingVerdict, sessionsDue } from './pacing/pacing';
import { compareStatuses, StatusComparison } from './reconcile/status-comparison';
import { ShopClient } from './shop-client.port';
import { Zipf } from './zipf';

export interface SimulationOptions {
  /** Orders placed per second (browsing-only sessions come on top). */
  readonly ratePerSecond: number;
  readonly durationSeconds: number;
  readonly skus: number;
  readonly customers: number;
  readonly seed: number;
  /** Requests in flight at most. */
  readonly concurrency: number;
  /** Prefix of the products' skus: another catalogue is another, empty, set of products. */
  readonly catalogue?: string;
}

export interface SimulationStats extends OrderCounts {
  requests: number;
  restocks: number;
  behaviourEvents: number;
  errors: Record<string, number>;
  /** Set when the run ends: whether it kept the requested rate, and if not which side was saturated. */
  pacing?: PacingVerdict & PacingFigures;
}

const CURRENCY = 'EUR';
const QUERIES = [
  'running shoes',
  'red dress',
  'usb-c cable',
  'coffee beans',
  'rain jacket',
  'yoga mat',
  'headphones',
  'xyzzy',
];

/**
 * A realistic shop driven through the public API: sessions browse Zipf-popular products, search, fill carts and
 * check out; then the simulator plays payment provider and warehouse — most orders are paid, shipped and delivered,
 * some payments fail, some are never paid, some orders are cancelled or returned — and restocks what runs low.
 */
export class ShopSimulator {
  readonly stats: SimulationStats = {
    requests: 0,
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
    restocks: 0,
    behaviourEvents: 0,
    errors: {},
    open: 0,
  };
  private readonly random: () => number;
  private readonly popularity: Zipf;
  private readonly skus: string[];
  private readonly prices: number[];
  /** Units first received per sku (popular ones more) and the low-stock threshold set for it. */
  private readonly stocking: { units: number; threshold: number }[];
  /** Every order placed, with what the simulator knows of it and means to do with it. */
  private readonly orders = new Map<string, ScriptedOrder>();
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private sessions = 0;
  /** Requests started and answered in the background, so the run can wait for the last answers. */
  private readonly pending = new Set<Promise<unknown>>();
  /** Past the duration: requests still waiting for a slot are not sent. */
  private stopped = false;
  private ordersSent = 0;
  private waitedForSlot = 0;
  private answerMsTotal = 0;
  private answered = 0;

  constructor(
    private readonly client: ShopClient,
    private readonly options: SimulationOptions,
  ) {
    this.random = seededRandom(options.seed);
    this.popularity = new Zipf(options.skus, 1.1);
    this.skus = Array.from(
      { length: options.skus },
      (_, i) => `${options.catalogue ?? 'SKU'}-${String(i + 1).padStart(5, '0')}`,
    );
    this.prices = this.skus.map(() => 299 + Math.floor(this.random() * 15_000));
    // Stocked for a few minutes of sales at the default rate, so low-stock alerts, restocks and the odd
    // out-of-stock rejection all show up in a one-minute run.
    this.stocking = this.skus.map((_, rank) => {
      const units = Math.max(6, Math.round(300 / (rank + 1) ** 0.9));
      return { units, threshold: Math.max(3, Math.round(units / 3)) };
    });
  }

  /** Stocks every product (popular ones more) and sets its low-stock threshold. */
  async setUp(): Promise<void> {
    // Tops each product up to its stocking level rather than adding to it, so runs against a shop that already
    // has stock behave like the first one.
    const levels =
      (await this.call('available', () => this.client.available(this.skus))) ?? new Map<string, number>();
    await Promise.all(
      this.skus.map(async (sku, rank) => {
        const { units, threshold } = this.stocking[rank]!;
        const missing = units - (levels.get(sku) ?? 0);
        if (missing > 0) await this.call('receive', () => this.client.receiveStock(sku, missing));
        await this.call('threshold', () => this.client.setThreshold(sku, threshold));
      }),
    );
  }

  /**
   * Runs the shop for the duration at the rate, then stops: requests still waiting for a slot are dropped, those on
   * their way are answered, and every order's status is read once more for the counts.
   */
  async run(onTick: (stats: SimulationStats, elapsedSeconds: number) => void): Promise<SimulationStats> {
    const started = Date.now();
    const end = started + this.options.durationSeconds * 1_000;
    const tickMs = 50;
    let buyingSessions = 0;
    let worstTimerLagMs = 0;
    let lastLifecycle = 0;
    let lastRestock = 0;
    let lifecycle: Promise<void> | null = null;
    let restock: Promise<void> | null = null;
    while (Date.now() < end) {
      const now = Date.now();
      for (let due = sessionsDue(this.options.ratePerSecond, now - started, buyingSessions); due > 0; due--) {
        buyingSessions++;
        this.track(this.session(true));
        if (this.random() < 0.5) this.track(this.session(false)); // a visitor who only browses
      }
      // One pass at a time: two passes reading statuses at different moments would act on the same order twice.
      if (lifecycle === null && now - lastLifecycle >= 500) {
        lastLifecycle = now;
        lifecycle = this.advanceOrders().finally(() => (lifecycle = null));
      }
      if (restock === null && now - lastRestock >= 3_000) {
        lastRestock = now;
        restock = this.restock().finally(() => (restock = null));
      }
      this.refreshCounts();
      onTick(this.stats, (now - started) / 1_000);
      const slept = Date.now();
      await new Promise((r) => setTimeout(r, Math.max(0, Math.min(tickMs, end - slept))));
      worstTimerLagMs = Math.max(worstTimerLagMs, Date.now() - slept - tickMs);
    }
    this.stopped = true;
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.all([lifecycle, restock]);
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    await this.readStatuses([...this.orders.values()]);
    const seconds = (Date.now() - started) / 1_000;
    const figures: PacingFigures = {
      requestedPerSecond: this.options.ratePerSecond,
      sentPerSecond: this.ordersSent / Math.max(seconds, this.options.durationSeconds),
      concurrency: this.options.concurrency,
      requests: this.stats.requests,
      waitedForSlot: this.waitedForSlot,
      meanAnswerMs: this.answered > 0 ? this.answerMsTotal / this.answered : 0,
      worstTimerLagMs,
    };
    this.stats.pacing = { ...pacingVerdict(figures), ...figures };
    this.refreshCounts();
    onTick(this.stats, seconds);
    return this.stats;
  }

  /**
   * Compares each order's last status with the read models until they agree or `timeoutMs` has passed (the
   * projector may still be applying the last events); the simulator's counts follow the write side meanwhile.
   */
  async reconcile(timeoutMs: number): Promise<StatusComparison> {
    const deadline = Date.now() + timeoutMs;
    const ids = [...this.orders.keys()];
    for (;;) {
      await this.readStatuses([...this.orders.values()]);
      const mine = new Map(ids.map((id) => [id, this.orders.get(id)!.status as string]));
      const comparison = compareStatuses(mine, await this.client.readModelStatuses(ids));
      this.refreshCounts();
      if (comparison.differences.length === 0 || Date.now() >= deadline) return comparison;
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  private track(work: Promise<unknown>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private refreshCounts(): void {
    Object.assign(this.stats, countOrders(this.orders.values()));
  }

  /** Reads the orders' statuses from the shop, untouched by the stop: the last reading is what the counts say. */
  private async readStatuses(orders: readonly ScriptedOrder[]): Promise<boolean> {
    if (orders.length === 0) return true;
    let statuses: Map<string, string>;
    try {
      statuses = await this.client.statuses(orders.map((o) => o.orderId));
    } catch (error) {
      this.count(`statuses: ${error instanceof Error ? error.message.slice(0, 80) : String(error)}`, 1);
      return false;
    }
    const now = Date.now();
    for (const order of orders) {
      const status = statuses.get(order.orderId);
      if (status !== undefined && isShopOrderStatus(status)) observe(order, status, now);
    }
    return true;
  }

  private pickSku(): number {
    return this.popularity.sample(this.random());
  }

  private async session(buys: boolean): Promise<void> {
    const n = ++this.sessions;
    const sessionId = `sim-${this.options.seed}-${n}`;
    const customerId = `customer-${1 + Math.floor(this.random() * this.options.customers)}`;
    const events: Record<string, unknown>[] = [];
    if (this.random() < 0.6) {
      const query = QUERIES[Math.floor(this.random() * QUERIES.length)]!;
      events.push({
        type: 'SearchPerformed',
        sessionId,
        customerId,
        query,
        resultCount: query === 'xyzzy' ? 0 : 5 + Math.floor(this.random() * 40),
      });
    }
    const viewed = Array.from({ length: 1 + Math.floor(this.random() * 5) }, () => this.pickSku());
    for (const s of viewed) events.push({ type: 'ProductViewed', sessionId, customerId, sku: this.skus[s] });
    const cart = new Map<number, number>();
    if (buys || this.random() < 0.3) {
      for (const s of viewed)
        if (this.random() < 0.6 || cart.size === 0)
          cart.set(s, (cart.get(s) ?? 0) + 1 + Math.floor(this.random() ** 3 * 3));
      for (const [s, quantity] of cart) {
        events.push({
          type: 'CartItemAdded',
          sessionId,
          customerId,
          sku: this.skus[s],
          quantity,
          unitPriceMinor: this.prices[s],
          currency: CURRENCY,
        });
      }
      if (cart.size > 1 && this.random() < 0.2) {
        const [s] = cart.keys();
        events.push({
          type: 'CartItemRemoved',
          sessionId,
          customerId,
          sku: this.skus[s!],
          quantity: cart.get(s!),
        });
        cart.delete(s!);
      }
    }
    const lines = [...cart].map(([s, quantity]) => ({
      sku: this.skus[s]!,
      quantity,
      unitPriceMinor: this.prices[s]!,
    }));
    const subtotal = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
    if (buys && lines.length > 0) {
      events.push({
        type: 'CheckoutStarted',
        sessionId,
        customerId,
        itemCount: lines.reduce((s, l) => s + l.quantity, 0),
        cartTotalMinor: subtotal,
        currency: CURRENCY,
      });
    }
    await this.call('behaviour', async () => {
      const report = await this.client.behaviour(events);
      this.stats.behaviourEvents += report.accepted;
      if (report.rejected > 0) this.count('behaviour-rejected', report.rejected);
    });
    if (!buys || lines.length === 0) return;
    const placed = await this.call('place-order', () => {
      this.ordersSent++;
      return this.client.placeOrder({
        customerId,
        currency: CURRENCY,
        lines,
        shippingAddress: {
          name: `Customer ${customerId}`,
          line1: `${n} Market Street`,
          city: 'Berlin',
          postalCode: '10115',
          country: 'DE',
        },
      });
    });
    if (!placed) return;
    this.orders.set(
      placed.orderId,
      scriptedOrder(placed.orderId, subtotal + (subtotal >= 5_000 ? 0 : 495), this.fate()),
    );
  }

  private fate(): Fate {
    const r = this.random();
    if (r < 0.08) return 'fail-payment';
    if (r < 0.11) return 'never-pay';
    if (r < 0.18) return 'cancel';
    if (r < 0.21) return 'return';
    return 'deliver';
  }

  /** Reads the statuses of the orders still moving and sends each the one request it allows now, if any. */
  private async advanceOrders(): Promise<void> {
    const open = [...this.orders.values()].filter((o) => !isSettled(o) && !o.busy);
    if (open.length === 0 || !(await this.readStatuses(open))) return;
    const now = Date.now();
    for (const order of open) {
      const action = nextAction(order, now);
      if (action === undefined) continue;
      order.busy = true;
      order.sent.add(action);
      this.track(
        this.act(order, action).then((ok) => {
          if (ok) order.accepted.add(action);
          order.busy = false;
        }),
      );
    }
  }

  /** Sends one action's requests; true when the shop accepted them all. */
  private async act(order: ScriptedOrder, action: OrderAction): Promise<boolean> {
    const payment = {
      orderId: order.orderId,
      paymentId: `pay-${order.orderId}`,
      amountMinor: order.totalMinor,
      currency: CURRENCY,
    };
    switch (action) {
      case 'pay':
      case 'fail-payment':
        return (
          (await this.send('webhook', () =>
            this.client.paymentWebhook({ type: 'authorized', ...payment }),
          )) &&
          this.send('webhook', () =>
            this.client.paymentWebhook(
              action === 'fail-payment'
                ? { type: 'failed', ...payment, failureCode: 'card_declined' }
                : { type: 'captured', ...payment },
            ),
          )
        );
      case 'cancel':
        return this.send('cancel', () => this.client.cancelOrder(order.orderId));
      case 'ship': {
        const shipment = await this.call('shipment', () => this.client.createShipment(order.orderId));
        if (!shipment) return false;
        order.shipmentId = shipment.shipmentId;
        const tracking = `TRK${Math.floor(this.random() * 1e9)}`;
        return this.send('dispatch', () => this.client.dispatch(shipment.shipmentId, 'DHL', tracking));
      }
      case 'deliver': {
        const shipmentId = order.shipmentId;
        return shipmentId !== undefined && this.send('deliver', () => this.client.deliver(shipmentId));
      }
      case 'return': {
        const shipmentId = order.shipmentId;
        return (
          shipmentId !== undefined &&
          this.send('return', () => this.client.returnShipment(shipmentId, 'does not fit'))
        );
      }
    }
  }

  /** A call whose answer carries nothing: true when the shop accepted it. */
  private async send(kind: string, work: () => Promise<unknown>): Promise<boolean> {
    return (
      (await this.call(kind, async () => {
        await work();
        return true;
      })) === true
    );
  }

  private async restock(): Promise<void> {
    const levels = await this.call('available', () => this.client.available(this.skus));
    if (!levels) return;
    for (const [rank, sku] of this.skus.entries()) {
      const { units, threshold } = this.stocking[rank]!;
      if ((levels.get(sku) ?? 0) >= threshold) continue;
      if (this.random() < 0.7) continue; // suppliers are not instant: a low sku stays low for a while
      await this.call('receive', () => this.client.receiveStock(sku, units));
      this.stats.restocks++;
    }
  }

  /**
   * One API call under the concurrency limit; failures are counted by kind and never stop the simulation. Past
   * the duration a call still waiting for a slot is not sent (undefined).
   */
  private async call<T>(kind: string, work: () => Promise<T>): Promise<T | undefined> {
    if (this.stopped) return undefined;
    if (this.inFlight >= this.options.concurrency) {
      this.waitedForSlot++;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      if (this.stopped) return undefined;
    }
    this.inFlight++;
    this.stats.requests++;
    const sent = Date.now();
    try {
      return await work();
    } catch (error) {
      this.count(`${kind}: ${error instanceof Error ? error.message.slice(0, 80) : String(error)}`, 1);
      return undefined;
    } finally {
      this.answerMsTotal += Date.now() - sent;
      this.answered++;
      this.inFlight--;
      this.waiting.shift()?.();
    }
  }

  private count(what: string, n: number): void {
    this.stats.errors[what] = (this.stats.errors[what] ?? 0) + n;
  }
}
