import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createEventCodec } from '@shopstream/events';
import { createOrderFlowCommands, OrderFlowCommandsHandle } from '@shopstream/order-flow';
import { seededRandom } from '@shopstream/simulation';
import { exited, startApp } from '../support/app-process';
import { platformConfig } from '../support/platform';
import { uniqueName, waitFor } from '../support/wait-for';

const config = platformConfig();
const codec = createEventCodec(config.registry.url);
const address = {
  name: 'Grace Hopper',
  line1: 'Dock 7',
  line2: null,
  city: 'Hamburg',
  postalCode: '20457',
  country: 'DE',
};

describe('processor killed with SIGKILL mid-batch', () => {
  let handle: OrderFlowCommandsHandle;
  const db = new Client({ connectionString: config.database.url });

  beforeAll(async () => {
    await db.connect();
    handle = await createOrderFlowCommands(config);
  });

  afterAll(async () => {
    await handle.close();
    await db.end();
  });

  it('has no duplicate effect after restarts: one reservation and one decision per order, stock counts exact', async () => {
    const prefix = uniqueName('crashflow');
    const skus = [`${prefix}-A`, `${prefix}-B`];
    const meta = () => ({ idempotencyKey: null, requestHash: 'h', correlationId: randomUUID() });
    for (const sku of skus) await handle.commands.receiveStock(sku, { quantity: 150 }, meta());
    const random = seededRandom(11);
    const orderIds: string[] = [];
    for (let i = 0; i < 240; i += 40) {
      const placed = await Promise.all(
        Array.from({ length: 40 }, () =>
          handle.commands.placeOrder(
            {
              customerId: `${prefix}-c`,
              currency: 'EUR',
              lines: skus
                .filter(() => random() < 0.7)
                .map((sku) => ({ sku, quantity: 1, unitPriceMinor: 999 }))
                .concat([{ sku: skus[0]!, quantity: 1, unitPriceMinor: 999 }])
                .slice(0, 2),
              shippingAddress: address,
            },
            meta(),
          ),
        ),
      );
      orderIds.push(...placed.map((p) => p.result.orderId));
    }
    const decided = async () =>
      (
        await db.query<{ n: number }>(
          `select count(*)::int as n from order_flow.orders where order_id = any($1) and status <> 'PENDING'`,
          [orderIds],
        )
      ).rows[0]!.n;

    const env = { SHOPSTREAM_PROCESSOR_METRICS_PORT: String(19_900 + Math.floor(random() * 90)) };
    let kills = 0;
    for (let round = 0; round < 4 && (await decided()) < orderIds.length; round++) {
      const child = startApp('processor', env);
      const before = await decided();
      await waitFor(async () => (await decided()) > before || child.exitCode !== null, {
        timeoutMs: 60_000,
        what: 'processor progress',
      });
      await new Promise((r) => setTimeout(r, random() * 150));
      child.kill('SIGKILL');
      await exited(child);
      kills++;
    }
    const last = startApp('processor', env);
    try {
      await waitFor(async () => (await decided()) === orderIds.length, {
        timeoutMs: 120_000,
        intervalMs: 300,
        what: 'every order decided',
      });
    } finally {
      last.kill('SIGTERM');
      await exited(last);
    }
    expect(kills).toBeGreaterThanOrEqual(1);

    const perOrder = await db.query<{ key: string; placed: number; decisions: number }>(
      `select o.key,
              count(*) filter (where o.event_type = 'shopstream.orders.OrderPlaced')::int as placed,
              count(*) filter (where o.event_type in ('shopstream.orders.OrderConfirmed', 'shopstream.orders.OrderRejected'))::int as decisions
       from order_flow.outbox o where o.key = any($1) group by o.key`,
      [orderIds],
    );
    expect(perOrder.rows).toHaveLength(orderIds.length);
    for (const row of perOrder.rows) expect([row.placed, row.decisions]).toEqual([1, 1]);

    // StockReserved is keyed by sku and names its order inside the event: each confirmed order has exactly one per
    // sku of its lines, a rejected one none.
    const reservedRows = await db.query<{ value: Buffer }>(
      `select value from order_flow.outbox where event_type = 'shopstream.inventory.StockReserved' and key = any($1)`,
      [skus],
    );
    const reservations = new Map<string, string[]>();
    for (const row of reservedRows.rows) {
      const event = await codec.decode(row.value);
      if (event.type !== 'shopstream.inventory.StockReserved')
        throw new Error(`not a reservation: ${event.type}`);
      reservations.set(event.orderId, [...(reservations.get(event.orderId) ?? []), event.sku]);
    }
    const decidedOrders = await db.query<{ order_id: string; status: string; skus: string[] }>(
      `select order_id, status, array(select distinct line->>'sku' from jsonb_array_elements(state->'lines') as line order by 1) as skus
       from order_flow.orders where order_id = any($1)`,
      [orderIds],
    );
    for (const order of decidedOrders.rows)
      expect([order.order_id, (reservations.get(order.order_id) ?? []).sort()]).toEqual([
        order.order_id,
        order.status === 'CONFIRMED' ? order.skus : [],
      ]);
    expect(decidedOrders.rows.filter((o) => o.status === 'CONFIRMED').length).toBeGreaterThan(0);

    const stock = await db.query<{ sku: string; reserved: number; on_hand: number }>(
      `select sku, (state->>'reserved')::int as reserved, (state->>'onHand')::int as on_hand from order_flow.stock where sku = any($1) order by sku`,
      [skus],
    );
    const confirmedLines = await db.query<{ sku: string; units: number }>(
      `select line->>'sku' as sku, sum((line->>'quantity')::int)::int as units
       from order_flow.orders, jsonb_array_elements(state->'lines') as line
       where order_id = any($1) and status = 'CONFIRMED' group by 1 order by 1`,
      [orderIds],
    );
    expect(stock.rows.map((r) => [r.sku, r.reserved])).toEqual(
      confirmedLines.rows.map((r) => [r.sku, r.units]),
    );
    expect(stock.rows.every((r) => r.reserved <= r.on_hand && r.on_hand === 150)).toBe(true);
  });
});
