import { randomUUID } from 'node:crypto';

export interface AcknowledgedOrder {
  readonly orderId: string;
  readonly token: { readonly topic: string; readonly partition: number; readonly offset: string };
  /** When the request was sent and when its 2xx arrived (ms since the epoch). */
  readonly startedAt: number;
  readonly answeredAt: number;
}

export interface LoadReport {
  readonly acknowledged: AcknowledgedOrder[];
  readonly statuses: Map<number, number>;
  /** Spans of time in which every answer was a 503 or a refused connection, in ms. */
  readonly unavailable: { readonly from: number; readonly to: number }[];
  readonly unexpected: string[];
  /** 503 answers that did not say when to retry. */
  retryAfterMissing: number;
}

/**
 * Clients placing one-line orders for `sku` through the API, each with a fresh Idempotency-Key, until stopped.
 * `credentials` gives the headers that let them in (read per request: a platform writes its key when it starts).
 */
export function placeOrders(
  apiUrl: string,
  sku: string,
  clients: number,
  credentials: () => Record<string, string> = () => ({}),
) {
  const report: LoadReport = {
    acknowledged: [],
    statuses: new Map(),
    unavailable: [],
    unexpected: [],
    retryAfterMissing: 0,
  };
  let running = true;
  let downSince: number | null = null;
  const down = (at: number) => (downSince ??= at);
  const up = (at: number) => {
    if (downSince !== null) report.unavailable.push({ from: downSince, to: at });
    downSince = null;
  };

  async function client(): Promise<void> {
    while (running) {
      const startedAt = Date.now();
      try {
        const response = await fetch(`${apiUrl}/orders`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': randomUUID(),
            ...credentials(),
          },
          body: JSON.stringify({
            customerId: 'failover-drill',
            currency: 'EUR',
            lines: [{ sku, quantity: 1, unitPriceMinor: 1_000 }],
            shippingAddress: {
              name: 'Drill',
              line1: '1 Log St',
              city: 'Kafka',
              postalCode: '1000',
              country: 'DE',
            },
          }),
          signal: AbortSignal.timeout(60_000),
        });
        report.statuses.set(response.status, (report.statuses.get(response.status) ?? 0) + 1);
        const body = (await response.json()) as {
          orderId?: string;
          consistencyToken?: AcknowledgedOrder['token'];
        };
        if (response.status === 202 && body.orderId && body.consistencyToken) {
          report.acknowledged.push({
            orderId: body.orderId,
            token: body.consistencyToken,
            startedAt,
            answeredAt: Date.now(),
          });
          up(startedAt);
        } else if (response.status === 503) {
          down(startedAt);
          if (!/^\d+$/.test(response.headers.get('retry-after') ?? '')) report.retryAfterMissing++;
          await new Promise((resolve) => setTimeout(resolve, 50));
        } else {
          report.unexpected.push(`${response.status} ${JSON.stringify(body)}`);
        }
      } catch (error) {
        down(startedAt);
        report.unexpected.push(String(error));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  const all = Promise.all(Array.from({ length: clients }, () => client()));
  return {
    report,
    stop: async (): Promise<LoadReport> => {
      running = false;
      await all;
      up(Date.now());
      return report;
    },
  };
}
