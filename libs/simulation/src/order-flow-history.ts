import { createHash } from 'node:crypto';
import { EventMetadata, eventKey, ShopstreamEvent } from '@shopstream/events';

/** A small deterministic PRNG (mulberry32): the same seed gives the same history on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A version-7 UUID (RFC 9562) for an event at `at` epoch ms, its other bits derived from a string: a regenerated
 * history has the same event ids (duplicates stay duplicates), and, like the platform's own ids, they rise with time,
 * so each read model's event-id ledger grows at its index's right edge.
 */
function stableUuid(at: number, input: string): string {
  const t = at.toString(16).padStart(12, '0');
  const h = createHash('sha1').update(input).digest('hex');
  const variant = (8 | (parseInt(h[3]!, 16) & 3)).toString(16);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${h.slice(0, 3)}-${variant}${h.slice(4, 7)}-${h.slice(7, 19)}`;
}

export interface OrderFlowOptions {
  readonly orders: number;
  readonly skus?: number;
  readonly customers?: number;
  readonly seed?: number;
  /** Epoch ms of the first event; each order starts a second after the previous one. */
  readonly start?: number;
  readonly prefix?: string;
}

/**
 * A realistic, self-consistent history of the shop: stock received, orders placed and reserved, then paid and
 * shipped and delivered, or cancelled with stock released and refunds, payment failures, and browsing around them.
 * Used by tests that need many events and by the benchmarks. Events are in causal order.
 */
export function orderFlowHistory(options: OrderFlowOptions): ShopstreamEvent[] {
  const random = seededRandom(options.seed ?? 42);
  const prefix = options.prefix ?? 'h';
  const skuCount = options.skus ?? 20;
  const skus = Array.from({ length: skuCount }, (_, i) => `${prefix}-SKU-${String(i).padStart(4, '0')}`);
  const prices = skus.map(() => 199 + Math.floor(random() * 9_800));
  const versions = new Map<string, number>();
  let clock = options.start ?? Date.UTC(2026, 10, 1, 8, 0, 0);
  let n = 0;
  const meta = (aggregateId: string, correlationId: string, causationId: string | null): EventMetadata => {
    const version = (versions.get(aggregateId) ?? 0) + 1;
    versions.set(aggregateId, version);
    clock += 1 + Math.floor(random() * 50);
    return {
      eventId: stableUuid(clock, `${prefix}/${options.seed ?? 42}/${n++}`),
      occurredAt: clock,
      aggregateId,
      aggregateVersion: version,
      correlationId,
      causationId,
      producer: 'simulation',
    };
  };
  const events: ShopstreamEvent[] = [];
  for (const sku of skus) {
    events.push({
      type: 'shopstream.inventory.StockReceived',
      metadata: meta(sku, `restock-${sku}`, null),
      sku,
      quantity: 10_000,
    });
    events.push({
      type: 'shopstream.inventory.LowStockThresholdSet',
      metadata: meta(sku, `restock-${sku}`, null),
      sku,
      threshold: 9_990,
    });
  }
  for (let i = 0; i < options.orders; i++) {
    clock += 1_000;
    const orderId = `${prefix}-order-${i}`;
    const customerId = `${prefix}-customer-${i % (options.customers ?? 50)}`;
    const sessionId = `${prefix}-session-${i}`;
    const corr = `corr-${orderId}`;
    const lineCount = 1 + Math.floor(random() * 3);
    const picked = new Set<number>();
    while (picked.size < lineCount) picked.add(Math.floor(random() ** 2 * skuCount)); // popular skus first
    const lines = [...picked].map((s) => ({
      sku: skus[s]!,
      quantity: 1 + Math.floor(random() * 3),
      unitPriceMinor: prices[s]!,
    }));
    const subtotal = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
    const shipping = subtotal > 5_000 ? 0 : 495;
    const total = subtotal + shipping;
    events.push({
      type: 'shopstream.behaviour.SearchPerformed',
      metadata: meta(sessionId, corr, null),
      sessionId,
      customerId,
      query: ['shoes', 'Red Shoes', 'socks', 'hat'][i % 4]!,
      resultCount: i % 7 === 0 ? 0 : 12,
    });
    for (const l of lines) {
      events.push({
        type: 'shopstream.behaviour.ProductViewed',
        metadata: meta(sessionId, corr, null),
        sessionId,
        customerId,
        sku: l.sku,
      });
      events.push({
        type: 'shopstream.behaviour.CartItemAdded',
        metadata: meta(sessionId, corr, null),
        sessionId,
        customerId,
        sku: l.sku,
        quantity: l.quantity,
        unitPriceMinor: l.unitPriceMinor,
        currency: 'EUR',
      });
    }
    events.push({
      type: 'shopstream.behaviour.CheckoutStarted',
      metadata: meta(sessionId, corr, null),
      sessionId,
      customerId,
      itemCount: lines.reduce((s, l) => s + l.quantity, 0),
      cartTotalMinor: subtotal,
      currency: 'EUR',
    });
    const placed = meta(orderId, corr, null);
    events.push({
      type: 'shopstream.orders.OrderPlaced',
      metadata: placed,
      orderId,
      customerId,
      currency: 'EUR',
      lines,
      totals: { subtotalMinor: subtotal, shippingMinor: shipping, taxMinor: 0, totalMinor: total },
      shippingAddress: {
        name: `Customer ${i}`,
        line1: `Street ${i}`,
        line2: null,
        city: 'Berlin',
        postalCode: '10115',
        country: 'DE',
      },
      channel: i % 5 === 0 ? 'MOBILE_APP' : 'WEB',
    });
    for (const l of lines)
      events.push({
        type: 'shopstream.inventory.StockReserved',
        metadata: meta(l.sku, corr, placed.eventId),
        sku: l.sku,
        orderId,
        quantity: l.quantity,
      });
    events.push({
      type: 'shopstream.orders.OrderConfirmed',
      metadata: meta(orderId, corr, placed.eventId),
      orderId,
    });
    const paymentId = `${prefix}-pay-${i}`;
    const roll = random();
    if (roll < 0.15) {
      events.push({
        type: 'shopstream.payments.PaymentFailed',
        metadata: meta(orderId, corr, null),
        orderId,
        paymentId,
        amountMinor: total,
        currency: 'EUR',
        failureCode: 'card_declined',
        message: null,
      });
      events.push({
        type: 'shopstream.orders.OrderCancelled',
        metadata: meta(orderId, corr, null),
        orderId,
        reason: 'PAYMENT_FAILED',
        cancelledBy: 'SYSTEM',
        refundDue: false,
      });
      for (const l of lines)
        events.push({
          type: 'shopstream.inventory.StockReleased',
          metadata: meta(l.sku, corr, null),
          sku: l.sku,
          orderId,
          quantity: l.quantity,
        });
      continue;
    }
    events.push({
      type: 'shopstream.payments.PaymentCaptured',
      metadata: meta(orderId, corr, null),
      orderId,
      paymentId,
      amountMinor: total,
      currency: 'EUR',
    });
    events.push({
      type: 'shopstream.orders.OrderPaid',
      metadata: meta(orderId, corr, null),
      orderId,
      amountMinor: total,
      currency: 'EUR',
      paymentId,
    });
    if (roll < 0.25) {
      events.push({
        type: 'shopstream.orders.OrderCancelled',
        metadata: meta(orderId, corr, null),
        orderId,
        reason: 'CUSTOMER_REQUEST',
        cancelledBy: 'CUSTOMER',
        refundDue: true,
      });
      for (const l of lines)
        events.push({
          type: 'shopstream.inventory.StockReleased',
          metadata: meta(l.sku, corr, null),
          sku: l.sku,
          orderId,
          quantity: l.quantity,
        });
      events.push({
        type: 'shopstream.payments.PaymentRefunded',
        metadata: meta(orderId, corr, null),
        orderId,
        paymentId,
        amountMinor: total,
        currency: 'EUR',
      });
      events.push({
        type: 'shopstream.orders.OrderRefunded',
        metadata: meta(orderId, corr, null),
        orderId,
        amountMinor: total,
        currency: 'EUR',
        reason: 'cancelled by customer',
      });
      continue;
    }
    const shipmentId = `${prefix}-ship-${i}`;
    events.push({
      type: 'shopstream.shipments.ShipmentCreated',
      metadata: meta(orderId, corr, null),
      orderId,
      shipmentId,
      address: {
        name: `Customer ${i}`,
        line1: `Street ${i}`,
        line2: null,
        city: 'Berlin',
        postalCode: '10115',
        country: 'DE',
      },
    });
    events.push({
      type: 'shopstream.shipments.ShipmentDispatched',
      metadata: meta(orderId, corr, null),
      orderId,
      shipmentId,
      carrier: 'DHL',
      trackingNumber: `TRK${i}`,
    });
    events.push({
      type: 'shopstream.orders.OrderShipped',
      metadata: meta(orderId, corr, null),
      orderId,
      shipmentId,
      carrier: 'DHL',
      trackingNumber: `TRK${i}`,
    });
    for (const l of lines)
      events.push({
        type: 'shopstream.inventory.StockCommitted',
        metadata: meta(l.sku, corr, null),
        sku: l.sku,
        orderId,
        quantity: l.quantity,
      });
    if (roll < 0.85) {
      events.push({
        type: 'shopstream.shipments.ShipmentDelivered',
        metadata: meta(orderId, corr, null),
        orderId,
        shipmentId,
      });
      events.push({
        type: 'shopstream.orders.OrderDelivered',
        metadata: meta(orderId, corr, null),
        orderId,
        shipmentId,
      });
    }
  }
  return events;
}

/** The Kafka key of an event, by the topic catalog's rule. */
export const keyOf = (event: ShopstreamEvent): string => eventKey(event);
