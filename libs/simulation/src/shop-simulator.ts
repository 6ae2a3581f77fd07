import { seededRandom } from './order-flow-history';
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

export interface SimulationStats {
  requests: number;
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
  restocks: number;
  behaviourEvents: number;
  errors: Record<string, number>;
}

type Fate = 'deliver' | 'return' | 'cancel' | 'fail-payment' | 'never-pay';

interface OpenOrder {
  readonly orderId: string;
  readonly totalMinor: number;
  readonly fate: Fate;
  stage: 'placed' | 'paying' | 'paid' | 'shipping' | 'shipped' | 'delivered';
  shipmentId?: string;
  shippedAt?: number;
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
  };
  private readonly random: () => number;
  private readonly popularity: Zipf;
  private readonly skus: string[];
  private readonly prices: number[];
  /** Units first received per sku (popular ones more) and the low-stock threshold set for it. */
  private readonly stocking: { units: number; threshold: number }[];
  private readonly open = new Map<string, OpenOrder>();
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private sessions = 0;

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

  async run(onTick: (stats: SimulationStats, elapsedSeconds: number) => void): Promise<SimulationStats> {
    const started = Date.now();
    const end = started + this.options.durationSeconds * 1_000;
    let due = 0;
    let lastLifecycle = 0;
    let lastRestock = 0;
    const running: Promise<void>[] = [];
    while (Date.now() < end) {
      due += this.options.ratePerSecond / 10;
      while (due >= 1) {
        due -= 1;
        running.push(this.session(true));
        if (this.random() < 0.5) running.push(this.session(false)); // a visitor who only browses
      }
      if (Date.now() - lastLifecycle >= 500) {
        lastLifecycle = Date.now();
        running.push(this.advanceOrders());
      }
      if (Date.now() - lastRestock >= 3_000) {
        lastRestock = Date.now();
        running.push(this.restock());
      }
      onTick(this.stats, (Date.now() - started) / 1_000);
      await new Promise((r) => setTimeout(r, 100));
      if (running.length > 5_000) await Promise.all(running.splice(0));
    }
    await Promise.all(running);
    // Let the orders placed in the last seconds reach a final state where they can.
    for (let i = 0; i < 20 && [...this.open.values()].some((o) => o.fate !== 'never-pay'); i++) {
      await this.advanceOrders();
      onTick(this.stats, (Date.now() - started) / 1_000);
      await new Promise((r) => setTimeout(r, 500));
    }
    this.stats.unpaid = [...this.open.values()].filter((o) => o.fate === 'never-pay').length;
    return this.stats;
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
    const placed = await this.call('place-order', () =>
      this.client.placeOrder({
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
      }),
    );
    if (!placed) return;
    this.stats.ordersPlaced++;
    this.open.set(placed.orderId, {
      orderId: placed.orderId,
      totalMinor: subtotal + (subtotal >= 5_000 ? 0 : 495),
      fate: this.fate(),
      stage: 'placed',
    });
  }

  private fate(): Fate {
    const r = this.random();
    if (r < 0.08) return 'fail-payment';
    if (r < 0.11) return 'never-pay';
    if (r < 0.18) return 'cancel';
    if (r < 0.21) return 'return';
    return 'deliver';
  }

  /** Moves every open order one step, from the statuses the shop reports. */
  private async advanceOrders(): Promise<void> {
    const open = [...this.open.values()];
    if (open.length === 0) return;
    const statuses = await this.call('statuses', () => this.client.statuses(open.map((o) => o.orderId)));
    if (!statuses) return;
    await Promise.all(open.map((order) => this.advance(order, statuses.get(order.orderId))));
  }

  private async advance(order: OpenOrder, status: string | undefined): Promise<void> {
    const close = () => this.open.delete(order.orderId);
    if (status === 'REJECTED') {
      this.stats.rejected++;
      return void close();
    }
    if (status === 'CANCELLED' || status === 'REFUNDED') {
      if (order.stage === 'paying' && order.fate === 'fail-payment') this.stats.paymentFailed++;
      else this.stats.cancelled++;
      return void close();
    }
    if (status === 'CONFIRMED' && order.stage === 'placed') {
      this.stats.confirmed++;
      order.stage = 'paying';
      if (order.fate === 'never-pay') return; // the payment timeout will cancel it
      const paymentId = `pay-${order.orderId}`;
      const base = { orderId: order.orderId, paymentId, amountMinor: order.totalMinor, currency: CURRENCY };
      await this.call('webhook', () => this.client.paymentWebhook({ type: 'authorized', ...base }));
      await this.call('webhook', () =>
        this.client.paymentWebhook(
          order.fate === 'fail-payment'
            ? { type: 'failed', ...base, failureCode: 'card_declined' }
            : { type: 'captured', ...base },
        ),
      );
      return;
    }
    if (status === 'PAID' && order.stage === 'paying') {
      this.stats.paid++;
      order.stage = 'paid';
      if (order.fate === 'cancel') {
        await this.call('cancel', () => this.client.cancelOrder(order.orderId));
        return;
      }
      const shipment = await this.call('shipment', () => this.client.createShipment(order.orderId));
      if (!shipment) return;
      order.shipmentId = shipment.shipmentId;
      order.stage = 'shipping';
      await this.call('dispatch', () =>
        this.client.dispatch(shipment.shipmentId, 'DHL', `TRK${Math.floor(this.random() * 1e9)}`),
      );
      return;
    }
    if (status === 'SHIPPED' && order.stage === 'shipping') {
      this.stats.shipped++;
      order.stage = 'shipped';
      order.shippedAt = Date.now();
      return;
    }
    if (
      status === 'SHIPPED' &&
      order.stage === 'shipped' &&
      order.shipmentId &&
      Date.now() - (order.shippedAt ?? 0) > 1_000
    ) {
      await this.call('deliver', () => this.client.deliver(order.shipmentId!));
      order.stage = 'delivered';
      return;
    }
    if (status === 'DELIVERED' && order.stage === 'delivered') {
      this.stats.delivered++;
      if (order.fate === 'return' && order.shipmentId) {
        await this.call('return', () => this.client.returnShipment(order.shipmentId!, 'does not fit'));
        this.stats.returned++;
      }
      close();
    }
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

  /** One API call under the concurrency limit; failures are counted by kind and never stop the simulation. */
  private async call<T>(kind: string, work: () => Promise<T>): Promise<T | undefined> {
    if (this.inFlight >= this.options.concurrency)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight++;
    this.stats.requests++;
    try {
      return await work();
    } catch (error) {
      this.count(`${kind}: ${error instanceof Error ? error.message.slice(0, 80) : String(error)}`, 1);
      return undefined;
    } finally {
      this.inFlight--;
      this.waiting.shift()?.();
    }
  }

  private count(what: string, n: number): void {
    this.stats.errors[what] = (this.stats.errors[what] ?? 0) + n;
  }
}
