import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  CommandOutcome,
  createOrderFlowCommands,
  OrderFlowCommandsHandle,
  RequestMeta,
} from '@shopstream/order-flow';
import { InvalidOrderError } from '@shopstream/orders';
import { platformConfig } from '../support/platform';
import { SHIPPING_ADDRESS } from '../support/shipping-address';
import { uniqueName } from '../support/wait-for';

const config = platformConfig();
const CONCURRENT = 40;
const address = SHIPPING_ADDRESS;
const meta = (correlationId: string = randomUUID()): RequestMeta => ({
  idempotencyKey: randomUUID(),
  requestHash: 'h',
  correlationId,
});

type Placed = CommandOutcome<{ orderId: string; status: 'PENDING' }>;

describe('group commit: concurrent new orders share a transaction, each with its own answer', () => {
  let handle: OrderFlowCommandsHandle;
  const db = new Client({ connectionString: config.database.url });
  const prefix = uniqueName('group');

  beforeAll(async () => {
    await db.connect();
    handle = await createOrderFlowCommands(config);
  });

  afterAll(async () => {
    await handle.close();
    await db.end();
  });

  const order = (customer: string, quantity = 1) => ({
    customerId: `${prefix}-${customer}`,
    currency: 'EUR',
    lines: [{ sku: `${prefix}-SKU`, quantity, unitPriceMinor: 1_000 }],
    shippingAddress: address,
  });
  const fulfilled = (settled: PromiseSettledResult<Placed>[]) =>
    settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));

  it('writes concurrent orders in a few transactions and answers each only once Kafka acknowledged its event', async () => {
    const settled = await Promise.allSettled(
      Array.from({ length: CONCURRENT }, (_, i) => handle.commands.placeOrder(order(`c${i}`), meta())),
    );
    const placed = fulfilled(settled);
    expect(placed).toHaveLength(CONCURRENT);
    const ids = placed.map((p) => p.result.orderId);
    const { rows } = await db.query<{ transactions: number }>(
      'select count(distinct xmin::text)::int as transactions from order_flow.orders where order_id = any($1)',
      [ids],
    );
    // One transaction each would be CONCURRENT; a queue behind at most two open transactions needs only a few.
    expect(rows[0]!.transactions).toBeLessThanOrEqual(CONCURRENT / 4);
    for (const p of placed) {
      const [event] = p.events;
      const { rows: outbox } = await db.query<{ partition: number; offset: string; published: boolean }>(
        `select partition, "offset", published_at is not null as published from order_flow.outbox
         where event_id = $1`,
        [event!.eventId],
      );
      expect(outbox[0]).toEqual({ partition: event!.partition, offset: event!.offset, published: true });
    }
  });

  it('fails only the bad orders of a batch: an invalid one, and one whose row the database refuses', async () => {
    const calls = Array.from({ length: CONCURRENT }, (_, i) => ({ input: order(`b${i}`), meta: meta() }));
    // Invalid by the domain's rules: refused before anything is written.
    calls[5] = { input: order('invalid', 0), meta: meta() };
    // Valid to the domain, refused by PostgreSQL (jsonb holds no NUL): the shared insert fails, so each runs alone.
    calls[17] = { input: order('nul'), meta: meta('nul\u0000correlation') };
    const settled = await Promise.allSettled(calls.map((c) => handle.commands.placeOrder(c.input, c.meta)));
    const rejected = settled.flatMap((s, i) => (s.status === 'rejected' ? [i] : []));
    expect(rejected).toEqual([5, 17]);
    expect((settled[5] as PromiseRejectedResult).reason).toBeInstanceOf(InvalidOrderError);
    expect(fulfilled(settled)).toHaveLength(CONCURRENT - 2);
    const { rows } = await db.query<{ customer: string }>(
      `select state->>'customerId' as customer from order_flow.orders
       where state->>'customerId' = any($1::text[])`,
      [[`${prefix}-invalid`, `${prefix}-nul`, `${prefix}-b0`, `${prefix}-b39`]],
    );
    expect(rows.map((r) => r.customer).sort()).toEqual([`${prefix}-b0`, `${prefix}-b39`]);
  });

  it('answers a retried key from the stored answer, inside or outside a batch', async () => {
    const first = meta();
    const original = await handle.commands.placeOrder(order('retry'), first);
    const settled = await Promise.allSettled([
      ...Array.from({ length: 10 }, (_, i) => handle.commands.placeOrder(order(`r${i}`), meta())),
      handle.commands.placeOrder(order('retry'), first),
      handle.commands.placeOrder(order('retry'), first),
    ]);
    const placed = fulfilled(settled);
    expect(placed).toHaveLength(12);
    for (const retried of placed.slice(10)) {
      expect(retried.replayed).toBe(true);
      expect(retried.result).toEqual(original.result);
      expect(retried.events).toEqual(original.events);
    }
  });
});
