import { createHmac, randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { Pool } from 'pg';
import { PaymentWebhookBody, PlaceOrderBody, ShopClient } from '@shopstream/simulation';

/** Orders read from the query API at once when comparing statuses: enough to be quick, few enough to stay polite. */
const QUERY_CONCURRENCY = 16;

/** How long a read waits out the query API's 503s (each after its Retry-After) before the answer counts. */
const READ_RETRY_MS = 30_000;

/**
 * The simulator's view of the shop: the commerce API over HTTP for commands, the query API for what the read models
 * show (as a shop front reads them), and the write side's order and stock state from PostgreSQL.
 */
export class HttpShopClient implements ShopClient {
  constructor(
    private readonly baseUrl: string,
    private readonly webhookSecret: string,
    private readonly db: Pool,
    private readonly queryUrl: string,
    /** The API key sent with every call but the signed webhook; null sends none. */
    private readonly apiKey: string | null = null,
  ) {}

  private auth(): Record<string, string> {
    return this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {};
  }

  async placeOrder(body: PlaceOrderBody): Promise<{ orderId: string }> {
    return (await this.post('/orders', body)) as { orderId: string };
  }

  async cancelOrder(orderId: string): Promise<void> {
    await this.post(`/orders/${encodeURIComponent(orderId)}/cancel`, {
      reason: 'CUSTOMER_REQUEST',
      by: 'CUSTOMER',
    });
  }

  async paymentWebhook(body: PaymentWebhookBody): Promise<void> {
    // As a provider does: one delivery id per event sent, and the send time signed with the body.
    const raw = JSON.stringify({ deliveryId: randomUUID(), ...body });
    const at = Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', this.webhookSecret).update(`${at}.${raw}`).digest('hex');
    await this.post('/payments/webhook', raw, { 'x-signature': `t=${at},v1=${signature}` });
  }

  async createShipment(orderId: string): Promise<{ shipmentId: string }> {
    return (await this.post('/shipments', { orderId })) as { shipmentId: string };
  }

  async dispatch(shipmentId: string, carrier: string, trackingNumber: string): Promise<void> {
    await this.post(`/shipments/${shipmentId}/dispatch`, { carrier, trackingNumber });
  }

  async deliver(shipmentId: string): Promise<void> {
    await this.post(`/shipments/${shipmentId}/deliver`, {});
  }

  async returnShipment(shipmentId: string, reason: string): Promise<void> {
    await this.post(`/shipments/${shipmentId}/return`, { reason });
  }

  async receiveStock(sku: string, quantity: number): Promise<void> {
    await this.post(`/inventory/${encodeURIComponent(sku)}/receive`, { quantity });
  }

  async setThreshold(sku: string, threshold: number): Promise<void> {
    await this.send('PUT', `/inventory/${encodeURIComponent(sku)}/threshold`, JSON.stringify({ threshold }));
  }

  async behaviour(
    events: readonly Record<string, unknown>[],
  ): Promise<{ accepted: number; rejected: number }> {
    const report = (await this.post('/behaviour/events', events)) as {
      accepted: number;
      rejected: unknown[];
    };
    return { accepted: report.accepted, rejected: report.rejected.length };
  }

  async statuses(orderIds: readonly string[]): Promise<Map<string, string>> {
    const { rows } = await this.db.query<{ order_id: string; status: string }>(
      'select order_id, status from order_flow.orders where order_id = any($1::text[])',
      [orderIds],
    );
    return new Map(rows.map((r) => [r.order_id, r.status]));
  }

  async readModelStatuses(orderIds: readonly string[]): Promise<Map<string, string>> {
    const limit = pLimit(QUERY_CONCURRENCY);
    const statuses = new Map<string, string>();
    await Promise.all(
      orderIds.map((orderId) =>
        limit(async () => {
          const response = await this.readAnsweringBusy(
            `${this.queryUrl}/orders/${encodeURIComponent(orderId)}`,
          );
          // 404: the read models do not know the order yet, as an absent row did.
          if (response.status === 404) return void (await response.arrayBuffer());
          if (!response.ok)
            throw new Error(
              `GET ${this.queryUrl}/orders/${orderId} answered ${response.status}: ${await response.text()}`,
            );
          statuses.set(orderId, ((await response.json()) as { status: string }).status);
        }),
      ),
    );
    return statuses;
  }

  /**
   * A GET that waits out the query API's 503s as a shop front would, for up to READ_RETRY_MS: on a shared server the
   * query API may briefly get no PostgreSQL connection, and one such answer ended a whole simulation at its final
   * count. Any other answer, or a 503 past that time, is returned as it is.
   */
  private async readAnsweringBusy(url: string): Promise<Response> {
    const until = Date.now() + READ_RETRY_MS;
    for (;;) {
      const response = await fetch(url, { headers: this.auth() });
      if (response.status !== 503 || Date.now() >= until) return response;
      await response.arrayBuffer();
      const asked = Number(response.headers.get('retry-after'));
      const waitMs = Math.min(Number.isFinite(asked) && asked > 0 ? asked * 1_000 : 500, until - Date.now());
      await new Promise((resolve) => setTimeout(resolve, Math.max(waitMs, 0)));
    }
  }

  async available(skus: readonly string[]): Promise<Map<string, number>> {
    const { rows } = await this.db.query<{ sku: string; available: number }>(
      `select sku, (state->>'onHand')::int - (state->>'reserved')::int as available from order_flow.stock where sku = any($1::text[])`,
      [skus],
    );
    return new Map(rows.map((r) => [r.sku, r.available]));
  }

  private post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    return this.send('POST', path, typeof body === 'string' ? body : JSON.stringify(body), headers);
  }

  private async send(
    method: string,
    path: string,
    body: string,
    headers: Record<string, string> = {},
  ): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      body,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
        ...this.auth(),
        ...headers,
      },
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!response.ok) {
      let code = text.slice(0, 60);
      try {
        code = (JSON.parse(text) as { error?: string }).error ?? code;
      } catch {
        // Not JSON (a proxy's error page): the status and the start of the text are what there is.
      }
      throw new Error(`${method} ${path.split('/')[1]} ${response.status} ${code}`);
    }
    return text ? JSON.parse(text) : {};
  }
}
