import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  createOrderFlowCommands,
  IdempotencyInProgressError,
  OrderFlowCommandsHandle,
  RequestMeta,
} from '@shopstream/order-flow';
import { platformConfig } from '../support/platform';
import { SHIPPING_ADDRESS } from '../support/shipping-address';
import { uniqueName } from '../support/wait-for';

const config = platformConfig();
const KEYS = 30;
const address = SHIPPING_ADDRESS;

describe('two commerce API instances on one database', () => {
  let one: OrderFlowCommandsHandle;
  let two: OrderFlowCommandsHandle;
  const db = new Client({ connectionString: config.database.url });
  const prefix = uniqueName('pair');

  beforeAll(async () => {
    await db.connect();
    [one, two] = await Promise.all([createOrderFlowCommands(config), createOrderFlowCommands(config)]);
  });

  afterAll(async () => {
    await Promise.all([one.close(), two.close()]);
    await db.end();
  });

  it('places each keyed order once though both instances get it, and answers every copy', async () => {
    const keys = Array.from({ length: KEYS }, () => randomUUID());
    const meta = (key: string): RequestMeta => ({
      idempotencyKey: key,
      requestHash: 'h',
      correlationId: randomUUID(),
    });
    const input = (i: number) => ({
      customerId: `${prefix}-c${i}`,
      currency: 'EUR',
      lines: [{ sku: `${prefix}-SKU`, quantity: 1, unitPriceMinor: 1_000 }],
      shippingAddress: address,
    });
    // Every key goes to both instances at once, as a client retrying through a load balancer would.
    const settled = await Promise.allSettled(
      keys.flatMap((key, i) => [
        one.commands.placeOrder(input(i), meta(key)),
        two.commands.placeOrder(input(i), meta(key)),
      ]),
    );
    const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
    expect(failures.filter((f) => !(f instanceof IdempotencyInProgressError)).map(String)).toEqual([]);
    const answers = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    for (let i = 0; i < KEYS; i++) {
      const pair = [settled[2 * i], settled[2 * i + 1]].flatMap((s) =>
        s?.status === 'fulfilled' ? [s.value] : [],
      );
      expect(pair.filter((a) => !a.replayed).length).toBeLessThanOrEqual(1);
      if (pair.length === 2) expect(pair[0]!.result).toEqual(pair[1]!.result);
    }
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from order_flow.orders where state->>'customerId' like $1`,
      [`${prefix}-%`],
    );
    expect(rows[0]!.n).toBe(KEYS);
    expect(answers.length).toBeGreaterThanOrEqual(KEYS);
    // One relay publishes for both: the outbox has one leader.
    expect([one.relay.isLeader, two.relay.isLeader].filter(Boolean).length).toBeLessThanOrEqual(1);
  });
});
