/** What the simulator needs from the shop: the public HTTP API, and the order statuses it can see. */
export interface ShopClient {
  placeOrder(body: PlaceOrderBody): Promise<{ orderId: string }>;
  cancelOrder(orderId: string): Promise<void>;
  paymentWebhook(body: PaymentWebhookBody): Promise<void>;
  createShipment(orderId: string): Promise<{ shipmentId: string }>;
  dispatch(shipmentId: string, carrier: string, trackingNumber: string): Promise<void>;
  deliver(shipmentId: string): Promise<void>;
  returnShipment(shipmentId: string, reason: string): Promise<void>;
  receiveStock(sku: string, quantity: number): Promise<void>;
  setThreshold(sku: string, threshold: number): Promise<void>;
  behaviour(events: readonly Record<string, unknown>[]): Promise<{ accepted: number; rejected: number }>;
  /** Current status of each order (write side), for the orders the simulator still drives. */
  statuses(orderIds: readonly string[]): Promise<Map<string, string>>;
  /** Units available per sku, to decide restocks. */
  available(skus: readonly string[]): Promise<Map<string, number>>;
  /** Each order's status in the read models (what queries see), to check the simulator's counts against. */
  readModelStatuses(orderIds: readonly string[]): Promise<Map<string, string>>;
}

export interface PlaceOrderBody {
  readonly customerId: string;
  readonly currency: string;
  readonly lines: readonly { sku: string; quantity: number; unitPriceMinor: number }[];
  readonly shippingAddress: {
    name: string;
    line1: string;
    city: string;
    postalCode: string;
    country: string;
  };
}

export interface PaymentWebhookBody {
  readonly type: 'authorized' | 'captured' | 'failed' | 'refunded';
  readonly orderId: string;
  readonly paymentId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly failureCode?: string;
}
