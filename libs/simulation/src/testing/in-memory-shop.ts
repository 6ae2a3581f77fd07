import { PaymentWebhookBody, PlaceOrderBody, ShopClient } from '../shop-client.port';

type Status =
  'PENDING' | 'CONFIRMED' | 'REJECTED' | 'PAID' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED' | 'REFUNDED';
type ShipmentStatus = 'CREATED' | 'DISPATCHED' | 'DELIVERED' | 'RETURNED';

export interface InMemoryShopOptions {
  /** How long the API takes to answer a request. */
  readonly answerMs: number;
  /** How long the processor takes to react to an event (the status changes that long after the request). */
  readonly processorMs: number;
  /** Every n-th order is rejected as if out of stock. */
  readonly rejectEvery?: number;
}

/**
 * The shop's write side as the simulator sees it through the API, with the platform's transition rules: a request
 * the real API answers 409 is refused here too, and recorded. State changes that the processor makes arrive later,
 * as they do on the platform. For the simulator's unit specs.
 */
export class InMemoryShop implements ShopClient {
  readonly refused: string[] = [];
  readonly orders = new Map<string, Status>();
  readonly shipments = new Map<string, { orderId: string; status: ShipmentStatus }>();
  /** The read models: the same statuses, behind by one processor delay more. */
  readonly projected = new Map<string, string>();
  private placed = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: InMemoryShopOptions) {}

  async placeOrder(_body: PlaceOrderBody): Promise<{ orderId: string }> {
    await this.answer();
    const orderId = `order-${++this.placed}`;
    this.set(orderId, 'PENDING');
    const reject = this.options.rejectEvery !== undefined && this.placed % this.options.rejectEvery === 0;
    this.later(() => this.set(orderId, reject ? 'REJECTED' : 'CONFIRMED'));
    return { orderId };
  }

  async cancelOrder(orderId: string): Promise<void> {
    await this.answer();
    const status = this.require(orderId, ['PENDING', 'CONFIRMED', 'PAID'], 'cancel');
    this.later(() => {
      this.set(orderId, 'CANCELLED');
      if (status === 'PAID') this.later(() => this.set(orderId, 'REFUNDED'));
    });
  }

  async paymentWebhook(body: PaymentWebhookBody): Promise<void> {
    await this.answer();
    if (body.type === 'authorized') return;
    this.require(body.orderId, ['CONFIRMED'], `payment ${body.type}`);
    this.later(() => this.set(body.orderId, body.type === 'captured' ? 'PAID' : 'CANCELLED'));
  }

  async createShipment(orderId: string): Promise<{ shipmentId: string }> {
    await this.answer();
    this.require(orderId, ['PAID'], 'create shipment');
    const shipmentId = `ship-${orderId}`;
    if (this.shipments.has(shipmentId)) this.refuse(`create shipment: ${shipmentId} exists`);
    this.shipments.set(shipmentId, { orderId, status: 'CREATED' });
    return { shipmentId };
  }

  async dispatch(shipmentId: string): Promise<void> {
    await this.answer();
    const shipment = this.shipment(shipmentId, 'CREATED', 'dispatch');
    shipment.status = 'DISPATCHED';
    this.later(() => this.set(shipment.orderId, 'SHIPPED'));
  }

  async deliver(shipmentId: string): Promise<void> {
    await this.answer();
    const shipment = this.shipment(shipmentId, 'DISPATCHED', 'deliver');
    shipment.status = 'DELIVERED';
    this.later(() => this.set(shipment.orderId, 'DELIVERED'));
  }

  async returnShipment(shipmentId: string): Promise<void> {
    await this.answer();
    const shipment = this.shipment(shipmentId, 'DELIVERED', 'return');
    shipment.status = 'RETURNED';
    this.later(() => this.set(shipment.orderId, 'REFUNDED'));
  }

  async receiveStock(): Promise<void> {
    await this.answer();
  }

  async setThreshold(): Promise<void> {
    await this.answer();
  }

  async behaviour(
    events: readonly Record<string, unknown>[],
  ): Promise<{ accepted: number; rejected: number }> {
    await this.answer();
    return { accepted: events.length, rejected: 0 };
  }

  async statuses(orderIds: readonly string[]): Promise<Map<string, string>> {
    await this.answer();
    return new Map(orderIds.flatMap((id) => (this.orders.has(id) ? [[id, this.orders.get(id)!]] : [])));
  }

  async available(skus: readonly string[]): Promise<Map<string, number>> {
    await this.answer();
    return new Map(skus.map((sku) => [sku, 1_000]));
  }

  async readModelStatuses(orderIds: readonly string[]): Promise<Map<string, string>> {
    await this.answer();
    return new Map(orderIds.flatMap((id) => (this.projected.has(id) ? [[id, this.projected.get(id)!]] : [])));
  }

  /** Cancels what the processor still had to do, so a spec ends with no timer pending. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }

  private set(orderId: string, status: Status): void {
    this.orders.set(orderId, status);
    this.later(() => this.projected.set(orderId, status === 'PENDING' ? 'PLACED' : status));
  }

  private require(orderId: string, allowed: readonly Status[], what: string): Status {
    const status = this.orders.get(orderId);
    if (status === undefined || !allowed.includes(status))
      this.refuse(`${what}: order ${orderId} is ${status}`);
    return status!;
  }

  private shipment(shipmentId: string, expected: ShipmentStatus, what: string) {
    const shipment = this.shipments.get(shipmentId);
    if (shipment?.status !== expected) this.refuse(`${what}: shipment ${shipmentId} is ${shipment?.status}`);
    return shipment!;
  }

  private refuse(why: string): never {
    this.refused.push(why);
    throw new Error(`409 ${why}`);
  }

  private later(work: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, this.options.processorMs);
    this.timers.add(timer);
  }

  private answer(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, this.options.answerMs));
  }
}
