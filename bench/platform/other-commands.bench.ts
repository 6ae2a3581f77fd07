import { createHmac, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Autocannon, AutocannonRequest, figure, HttpFigure } from './autocannon';

/** Behaviour events per request: a storefront sends its views in batches. */
const BEHAVIOUR_BATCH = 20;

/** The commands besides POST /orders, each loaded on its own after the orders: stock, payments, behaviour. */
export interface OtherCommandFigures {
  /** POST /inventory/:sku/receive, each request its own Idempotency-Key. */
  readonly receiveStock: HttpFigure;
  /** POST /payments/webhook, one signed capture per order the run placed and the processor confirmed. */
  readonly paymentCapture: HttpFigure | string;
  /** POST /behaviour/events, BEHAVIOUR_BATCH product views per request. */
  readonly behaviour: HttpFigure & { readonly eventsPerSecond: number; readonly batch: number };
}

interface ConfirmedOrder {
  readonly orderId: string;
  readonly totalMinor: number;
  readonly currency: string;
}

/** The run's confirmed orders (its customers carry the namespace), each to be captured once. */
async function confirmedOrders(databaseUrl: string, ns: string): Promise<ConfirmedOrder[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ order_id: string; total: number; currency: string }>(
      `select order_id, (state->'totals'->>'totalMinor')::int as total, state->>'currency' as currency
       from order_flow.orders where status = 'CONFIRMED' and state->>'customerId' like $1`,
      [`${ns}-customer-%`],
    );
    return rows.map((r) => ({ orderId: r.order_id, totalMinor: r.total, currency: r.currency }));
  } finally {
    await db.end();
  }
}

/** A capture as the payment provider sends it: a delivery id per event, the send time signed with the body. */
function signedCapture(order: ConfirmedOrder, secret: string): { body: string; signature: string } {
  const body = JSON.stringify({
    deliveryId: randomUUID(),
    type: 'captured',
    orderId: order.orderId,
    paymentId: `pay-${order.orderId}`,
    amountMinor: order.totalMinor,
    currency: order.currency,
  });
  const at = Math.floor(Date.now() / 1000);
  return {
    body,
    signature: `t=${at},v1=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}`,
  };
}

export async function measureOtherCommands(options: {
  readonly autocannon: Autocannon;
  readonly url: string;
  readonly auth: Record<string, string>;
  readonly ns: string;
  readonly skus: readonly string[];
  readonly seconds: number;
  readonly connections: number;
  readonly databaseUrl: string;
  readonly webhookSecret: string;
}): Promise<OtherCommandFigures> {
  const { autocannon, url, auth, ns, skus, seconds, connections } = options;
  const json = { 'content-type': 'application/json' };
  /** One command loaded on its own: POSTs to `path`, each request built by `setup`. */
  const load = (
    path: string,
    setup: (request: AutocannonRequest) => AutocannonRequest,
    bounds: { readonly connections?: number; readonly amount?: number } = {},
  ) =>
    autocannon({
      url,
      connections,
      duration: seconds,
      timeout: 10,
      ...bounds,
      requests: [{ method: 'POST', path, setupRequest: setup }],
    }).then(figure);

  let k = 0;
  const receiveStock = await load(`/inventory/${skus[0]!}/receive`, (request) => ({
    ...request,
    path: `/inventory/${skus[k++ % skus.length]!}/receive`,
    headers: { ...json, 'idempotency-key': randomUUID(), ...auth },
    body: JSON.stringify({ quantity: 1 }),
  }));

  const orders = await confirmedOrders(options.databaseUrl, ns);
  let next = 0;
  const paymentCapture =
    orders.length === 0
      ? 'no confirmed order of the run to capture'
      : await load(
          '/payments/webhook',
          (request) => {
            const { body, signature } = signedCapture(orders[next++ % orders.length]!, options.webhookSecret);
            return { ...request, headers: { ...json, 'x-signature': signature }, body };
          },
          // Each order is captured once: the run stops when they run out.
          { connections: Math.min(connections, orders.length), amount: orders.length },
        );

  let session = 0;
  const behaviour = await load('/behaviour/events', (request) => {
    const sessionId = `${ns}-session-${session++ % 1_000}`;
    const events = Array.from({ length: BEHAVIOUR_BATCH }, (_, i) => ({
      type: 'ProductViewed',
      sessionId,
      sku: skus[(session + i) % skus.length]!,
    }));
    return { ...request, headers: { ...json, ...auth }, body: JSON.stringify(events) };
  });
  return {
    receiveStock,
    paymentCapture,
    behaviour: {
      ...behaviour,
      eventsPerSecond: behaviour.perSecond * BEHAVIOUR_BATCH,
      batch: BEHAVIOUR_BATCH,
    },
  };
}
