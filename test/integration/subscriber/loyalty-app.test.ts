import { Pool } from 'pg';
import type { OrdersEvent } from '@shopstream/events';
import { exited, startApp } from '../../support/app-process';
import { platformConfig } from '../../support/platform';
import {
  cleanUp,
  codec,
  createTestTopic,
  orderPaid,
  orderPlaced,
  orderRefunded,
  publish,
  readAll,
} from '../../support/subscriber-fixture';
import { uniqueName, waitFor } from '../../support/wait-for';

jest.setTimeout(240_000);

const CUSTOMERS = 25;

/** A wave of orders: every order placed and paid, every fifth partly refunded. */
function wave(n: number, from: number): OrdersEvent[] {
  const events: OrdersEvent[] = [];
  for (let i = from; i < from + n; i++) {
    const orderId = `order-${i}`;
    events.push(orderPlaced(orderId, `customer-${i % CUSTOMERS}`));
    events.push(orderPaid(orderId, 1_000 + ((i * 7919) % 50_000)));
    if (i % 5 === 0) events.push(orderRefunded(orderId, 300 + ((i * 31) % 900)));
  }
  return events;
}

describe('the loyalty example app', () => {
  const database = new Pool({ connectionString: platformConfig().database.url, max: 2 });
  const schema = uniqueName('loyalty');
  const port = String(3_400 + Math.floor(Math.random() * 500));
  const group = uniqueName('loyalty');
  let topic = '';

  afterAll(async () => {
    await database.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await database.end();
    if (topic) await cleanUp([topic], [group]);
  });

  const applied = async () => {
    const { rows } = await database.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${schema}.subscriber_applied_events`,
    );
    return Number(rows[0]!.n);
  };

  it('applies every event once across a SIGTERM mid-stream, and its points equal a sum over the log', async () => {
    topic = await createTestTopic('loyalty_orders', 3);
    const env = {
      LOYALTY_PORT: port,
      LOYALTY_SCHEMA: schema,
      LOYALTY_GROUP: group,
      LOYALTY_ORDERS_TOPIC: topic,
      LOYALTY_DATABASE_URL: platformConfig().database.url,
      // The SDK's own variables, as `up` gives them; the test topic has no subscriber rules, so as the operator.
      SHOPSTREAM_KAFKA_BROKERS: platformConfig().kafka.brokers.join(','),
      SHOPSTREAM_KAFKA_USERNAME: platformConfig().kafka.credentials?.username ?? '',
      SHOPSTREAM_KAFKA_PASSWORD: platformConfig().kafka.credentials?.password ?? '',
    };
    const first = wave(200, 0);
    await publish(topic, first);
    let app = startApp('loyalty', env);
    await waitFor(async () => (await applied()) === first.length, {
      what: 'the first wave applied',
      timeoutMs: 90_000,
    });

    // SIGTERM while the second wave is being handled: what was handled is committed, the rest waits.
    const second = wave(1_500, 200);
    await publish(topic, second);
    app.kill('SIGTERM');
    await exited(app);
    expect(app.exitCode).toBe(0);
    expect(app.output.join('')).toContain('subscription stopped');
    const atStop = await applied();
    expect(atStop).toBeGreaterThanOrEqual(first.length);
    expect(atStop).toBeLessThanOrEqual(first.length + second.length);
    const third = wave(300, 1_700);
    await publish(topic, third);

    app = startApp('loyalty', env);
    const total = first.length + second.length + third.length;
    try {
      await waitFor(async () => (await applied()) === total, {
        what: 'every event applied',
        timeoutMs: 120_000,
      });

      // An independent sum over the log, decoded with the platform's codec.
      const expected = new Map<string, number>();
      const customerOf = new Map<string, string>();
      for (const record of await readAll(topic)) {
        const event = await codec.decode(record.value);
        if (event.type === 'shopstream.orders.OrderPlaced') customerOf.set(event.orderId, event.customerId);
        const sign =
          event.type === 'shopstream.orders.OrderPaid'
            ? 1
            : event.type === 'shopstream.orders.OrderRefunded'
              ? -1
              : 0;
        if (sign !== 0 && 'amountMinor' in event) {
          const customer = customerOf.get(event.orderId)!;
          expected.set(customer, (expected.get(customer) ?? 0) + sign * Math.floor(event.amountMinor / 100));
        }
      }
      expect(expected.size).toBe(CUSTOMERS);
      for (const [customerId, points] of expected) {
        const response = await fetch(`http://127.0.0.1:${port}/customers/${customerId}/points`);
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ customerId, points });
      }
      const { rows } = await database.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${schema}.points_ledger`,
      );
      const paymentsAndRefunds = [...first, ...second, ...third].filter(
        (e) => e.type !== 'shopstream.orders.OrderPlaced',
      );
      expect(Number(rows[0]!.n)).toBe(paymentsAndRefunds.length);
      expect(await readAll(`${topic}-dlt`)).toHaveLength(0);

      expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
      expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toMatch(
        /shopstream_subscriber_events_handled_total\{group="[^"]+",type="shopstream.orders.OrderPaid"\} \d+/,
      );
      expect((await fetch(`http://127.0.0.1:${port}/customers/%E0%A4%A/points`)).status).toBe(400);
    } finally {
      app.kill('SIGTERM');
      await exited(app);
    }
  });
});
