import { localApiKey } from '../../support/credentials';
import { ShopstreamEvent } from '@shopstream/events';
import { encodeConsistencyToken } from '@shopstream/queries';
import { orderFlowHistory } from '@shopstream/simulation';
import { Pool } from 'pg';
import { HttpShopClient } from '../../../apps/cli/src/simulate/http-shop-client';
import { waitFor } from '../../support/wait-for';
import { QueryApiHarness } from './query-api-harness';

interface Problems {
  readonly error: string;
  readonly message: string;
  readonly fields?: readonly { field: string; message: string }[];
  readonly behind?: readonly { projection: string; eventsBehind: number }[];
}
interface Page {
  readonly items: readonly Record<string, unknown>[];
  readonly nextCursor: string | null;
}

const MAX_WAITING = 3;
const of = <T extends ShopstreamEvent['type']>(events: readonly ShopstreamEvent[], type: T) =>
  events.filter((e): e is Extract<ShopstreamEvent, { type: T }> => e.type === type);

describe('query API over read models the projector filled', () => {
  const harness = new QueryApiHarness();
  const history = orderFlowHistory({ orders: 40, seed: 11, prefix: harness.ns });
  let token = '';

  beforeAll(async () => {
    await harness.start({ SHOPSTREAM_QUERY_MAX_WAITING: String(MAX_WAITING) });
    token = await harness.send(history);
    // The projector creates its read models at start; the first wait covers that and the whole history.
    let last: unknown = null;
    await waitFor(
      async () => {
        const answer = await harness.get(`/orders?limit=1&waitMs=0&after=${token}`);
        last = answer.body;
        return answer.status === 200;
      },
      { timeoutMs: 120_000, intervalMs: 250, what: 'the projector to apply the history' },
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; last answer ${JSON.stringify(last)}`);
    });
  }, 180_000);
  afterAll(async () => {
    await harness.stop();
  }, 60_000);

  it('answers an order with its lines and timeline, money in minor units with currency, times in ISO', async () => {
    const placed = of(history, 'shopstream.orders.OrderPlaced')[0]!;
    const answer = await harness.get(`/orders/${placed.orderId}`);
    expect(answer.status).toBe(200);
    const order = answer.body as {
      customerId: string;
      total: { amountMinor: number; currency: string };
      placedAt: string;
      lines: { sku: string; quantity: number; unitPrice: { amountMinor: number } }[];
      timeline: { type: string }[];
    };
    expect(order.customerId).toBe(placed.customerId);
    expect(order.lines.map((l) => [l.sku, l.quantity, l.unitPrice.amountMinor])).toEqual(
      placed.lines.map((l) => [l.sku, l.quantity, l.unitPriceMinor]),
    );
    expect(order.total).toEqual({ amountMinor: placed.totals.totalMinor, currency: 'EUR' });
    expect(order.placedAt).toBe(new Date(placed.metadata.occurredAt).toISOString());
    expect(order.timeline[0]!.type).toBe('shopstream.orders.OrderPlaced');
  });

  it('answers every other endpoint from its read model', async () => {
    const placed = of(history, 'shopstream.orders.OrderPlaced');
    const sku = placed[0]!.lines[0]!.sku;
    const customer = placed[0]!.customerId;
    const shipment = of(history, 'shopstream.shipments.ShipmentCreated')[0]!;
    const payment = of(history, 'shopstream.payments.PaymentCaptured')[0]!;
    const search = of(history, 'shopstream.behaviour.SearchPerformed')[0]!;
    const day = new Date(search.metadata.occurredAt).toISOString().slice(0, 10);
    const from = new Date(placed[0]!.metadata.occurredAt - 86_400_000).toISOString();
    const last = of(history, 'shopstream.orders.OrderPlaced').at(-1)!;
    const to = new Date(last.metadata.occurredAt + 2 * 86_400_000).toISOString();

    const customerOrders = (await harness.get(`/customers/${customer}/orders`)).body as Page;
    expect(customerOrders.items.map((o) => o.orderId)).toContain(placed[0]!.orderId);
    const orders = (await harness.get('/orders?limit=5')).body as Page;
    expect(orders.items).toHaveLength(5);
    expect(orders.nextCursor).not.toBeNull();
    const stock = (await harness.get(`/inventory/${sku}`)).body as { sku: string; onHand: number };
    expect(stock.sku).toBe(sku);
    expect(stock.onHand).toBeGreaterThan(0);
    const skus = (await harness.get('/inventory?lowStock=false&limit=3')).body as Page;
    expect(skus.items).toHaveLength(3);
    const movements = (await harness.get(`/inventory/${sku}/movements?limit=2`)).body as Page;
    expect(movements.items).toHaveLength(2);
    expect((await harness.get(`/shipments/${shipment.shipmentId}`)).body).toMatchObject({
      shipmentId: shipment.shipmentId,
      orderId: shipment.orderId,
    });
    expect((await harness.get(`/payments/${payment.paymentId}`)).body).toMatchObject({
      paymentId: payment.paymentId,
      amount: { amountMinor: payment.amountMinor, currency: payment.currency },
    });
    const byDay = (await harness.get(`/reports/sales?from=${from}&to=${to}`)).body as { periods: unknown[] };
    expect(byDay.periods.length).toBeGreaterThan(0);
    const byHour = (await harness.get(`/reports/sales?from=${from}&to=${to}&granularity=hour`)).body as {
      periods: unknown[];
    };
    expect(byHour.periods.length).toBeGreaterThan(0);
    const top = (await harness.get(`/reports/top-products?from=${from}&to=${to}&limit=3`)).body as {
      products: { unitsSold: number }[];
    };
    expect(top.products).toHaveLength(3);
    expect(top.products[0]!.unitsSold).toBeGreaterThanOrEqual(top.products[2]!.unitsSold);
    const funnel = (await harness.get(`/reports/funnel?from=${day}&to=${to.slice(0, 10)}`)).body as {
      totals: { views: number; orders: number };
    };
    expect(funnel.totals.views).toBeGreaterThan(0);
    const searches = (await harness.get(`/reports/top-searches?day=${day}`)).body as {
      searches: { query: string }[];
    };
    expect(searches.searches.length).toBeGreaterThan(0);
  });

  it('reads its own write right after each kind of event, without a 404', async () => {
    const next = orderFlowHistory({ orders: 2, seed: 12, prefix: `${harness.ns}x` });
    const write = await harness.send(next);
    const placed = of(next, 'shopstream.orders.OrderPlaced')[0]!;
    const shipment = of(next, 'shopstream.shipments.ShipmentCreated')[0]!;
    const payment = of(next, 'shopstream.payments.PaymentCaptured')[0]!;
    const paths = [
      `/orders/${placed.orderId}`,
      `/customers/${placed.customerId}/orders`,
      `/inventory/${placed.lines[0]!.sku}`,
      `/shipments/${shipment.shipmentId}`,
      `/payments/${payment.paymentId}`,
    ];
    for (const path of paths) {
      const answer = await harness.get(path, { 'X-Min-Position': write });
      expect([path, answer.status]).toEqual([path, 200]);
      expect(answer.headers.get('read-consistency')).toBe('caught-up');
    }
    const customerOrders = (await harness.get(`/customers/${placed.customerId}/orders?after=${write}`))
      .body as Page;
    expect(customerOrders.items.map((o) => o.orderId)).toContain(placed.orderId);
  });

  it('answers "not yet" at once when asked not to wait, and 412 with how far behind after the wait', async () => {
    const ahead = encodeConsistencyToken([
      { topic: `shopstream.orders.${harness.ns}`, partition: 0, offset: 1_000_000n },
    ]);
    const now = await harness.get(`/orders?waitMs=0&after=${ahead}`);
    expect(now.status).toBe(412);
    expect(now.elapsedMs).toBeLessThan(1_000);
    const behind = now.body as Problems;
    expect(behind.error).toBe('READ_MODEL_BEHIND');
    expect(behind.behind![0]).toMatchObject({ projection: `${harness.ns}_order_summary` });
    expect(behind.behind![0]!.eventsBehind).toBeGreaterThan(999_000);
    expect(now.headers.get('retry-after')).toBe('1');
    const waited = await harness.get(`/orders?waitMs=300`, { 'X-Min-Position': ahead });
    expect(waited.status).toBe(412);
    expect(waited.elapsedMs).toBeGreaterThanOrEqual(250);
    // A stock position never holds up an order query: no order read model reads the inventory topic.
    const stockAhead = encodeConsistencyToken([
      { topic: `shopstream.inventory.${harness.ns}`, partition: 0, offset: 1_000_000n },
    ]);
    expect((await harness.get(`/orders?limit=1&waitMs=0&after=${stockAhead}`)).status).toBe(200);
  });

  it('refuses a waiter beyond the cap with 429 and Retry-After, and takes waiters again once they left', async () => {
    const ahead = encodeConsistencyToken([
      { topic: `shopstream.orders.${harness.ns}`, partition: 1, offset: 1_000_000n },
    ]);
    const waiting = Array.from({ length: MAX_WAITING }, () =>
      harness.get(`/orders?waitMs=2000&after=${ahead}`),
    );
    await waitFor(
      async () => {
        const metrics = (await harness.get('/metrics')).body as string;
        return /query_api_read_waiting 3\b/.test(metrics);
      },
      { timeoutMs: 5_000, intervalMs: 20, what: 'the waiters to register' },
    );
    const refused = await harness.get(`/orders?after=${ahead}`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect((refused.body as Problems).error).toBe('READ_WAIT_SATURATED');
    expect((await Promise.all(waiting)).map((a) => a.status)).toEqual([412, 412, 412]);
    expect((await harness.get(`/orders?waitMs=0&after=${token}`)).status).toBe(200);
  });

  it('pages through orders without a duplicate or a gap while new orders arrive', async () => {
    const before = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: Page = (await harness.get(`/orders?limit=50${cursor ? `&cursor=${cursor}` : ''}`))
        .body as Page;
      for (const o of page.items) before.add(o.orderId as string);
      cursor = page.nextCursor;
    } while (cursor);

    const later = orderFlowHistory({
      orders: 30,
      seed: 13,
      prefix: `${harness.ns}y`,
      start: Date.UTC(2026, 11, 20),
    });
    const seen: string[] = [];
    cursor = null;
    let sending: Promise<string> | null = null;
    do {
      const page: Page = (await harness.get(`/orders?limit=7${cursor ? `&cursor=${cursor}` : ''}`))
        .body as Page;
      seen.push(...page.items.map((o) => o.orderId as string));
      cursor = page.nextCursor;
      // New orders land while the client is between its first and second page.
      sending ??= harness.send(later);
    } while (cursor);
    await sending;
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of before) expect(seen).toContain(id);
  });

  it('names every invalid parameter in one 400', async () => {
    const answer = await harness.get(
      '/orders?limit=1000&status=LOST&placedFrom=yesterday&waitMs=-1&after=nope',
    );
    expect(answer.status).toBe(400);
    expect((answer.body as Problems).fields!.map((f) => f.field).sort()).toEqual(
      ['after', 'limit', 'placedFrom', 'status', 'waitMs'].sort(),
    );
    const report = await harness.get(
      '/reports/sales?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z&granularity=week',
    );
    expect((report.body as Problems).fields!.map((f) => f.field).sort()).toEqual(['granularity', 'to']);
    const missing = await harness.get('/reports/top-searches');
    expect((missing.body as Problems).fields!.map((f) => f.field)).toEqual(['day']);
    const cursor = await harness.get('/orders?cursor=bm90LWEtY3Vyc29y');
    expect((cursor.body as Problems).fields).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    const id = await harness.get('/orders/has%20space');
    expect((id.body as Problems).fields!.map((f) => f.field)).toEqual(['orderId']);
  });

  it('answers 404 with a body that says what is missing', async () => {
    for (const [path, code] of [
      ['/orders/no-such-order', 'ORDER_NOT_FOUND'],
      ['/inventory/NO-SUCH-SKU', 'SKU_NOT_FOUND'],
      ['/shipments/no-such-shipment', 'SHIPMENT_NOT_FOUND'],
      ['/payments/no-such-payment', 'PAYMENT_NOT_FOUND'],
    ]) {
      const answer = await harness.get(path!);
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ error: code, message: expect.stringContaining(path!.split('/')[2]!) });
    }
  });

  it('answers 304 to If-None-Match with the ETag of an unchanged answer', async () => {
    const placed = of(history, 'shopstream.orders.OrderPlaced')[1]!;
    const first = await harness.get(`/orders/${placed.orderId}`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\//);
    // fetch adds Cache-Control: no-cache to a conditional request unless told otherwise, and no-cache asks the
    // server for a full answer.
    const again = await harness.get(`/orders/${placed.orderId}`, {
      'If-None-Match': etag!,
      'Cache-Control': 'max-age=0',
    });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
  });

  it("gives the simulator the read models' order statuses through the query API", async () => {
    const db = new Pool({ connectionString: harness.config.database.url, max: 1 });
    try {
      const client = new HttpShopClient(
        'http://127.0.0.1:1',
        'unused-webhook-secret',
        db,
        harness.url,
        localApiKey(harness.config),
      );
      const ids = of(history, 'shopstream.orders.OrderPlaced').map((e) => e.orderId);
      const statuses = await client.readModelStatuses([...ids, 'no-such-order']);
      expect(statuses.size).toBe(ids.length);
      const first = (await harness.get(`/orders/${ids[0]!}`)).body as { status: string };
      expect(statuses.get(ids[0]!)).toBe(first.status);
    } finally {
      await db.end();
    }
  });

  it('serves its OpenAPI document and Swagger UI locally', async () => {
    const document = (await harness.get('/docs-json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        '/customers/{customerId}/orders',
        '/inventory',
        '/inventory/{sku}',
        '/inventory/{sku}/movements',
        '/orders',
        '/orders/{orderId}',
        '/payments/{paymentId}',
        '/reports/funnel',
        '/reports/sales',
        '/reports/top-products',
        '/reports/top-searches',
        '/shipments/{shipmentId}',
      ].sort(),
    );
    const ui = await harness.get('/docs');
    expect(ui.body).toContain('/docs/assets/swagger-ui-bundle.js');
    expect((await harness.get('/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
  });
});
