import { Pool } from 'pg';
import { subscribe, Subscription } from '@shopstream/subscriber';
import { platformConfig } from '../../support/platform';
import {
  cleanUp,
  connection,
  createTestTopic,
  orderPaid,
  publish,
  readAll,
} from '../../support/subscriber-fixture';
import { uniqueName, waitFor } from '../../support/wait-for';

jest.setTimeout(180_000);

/**
 * Per-key order under retry must not depend on the process that sent a key's event to a retry topic: after a restart,
 * or once another instance of the group owns the partitions, a later event of the key still waits for it.
 */
describe('per-key order under retry, kept across instances of a subscriber', () => {
  const database = new Pool({ connectionString: platformConfig().database.url, max: 2 });
  const schema = uniqueName('sub_keys');
  const topics: string[] = [];
  const groups: string[] = [];
  const running: Subscription[] = [];

  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });
  afterAll(async () => {
    await database.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await database.end();
    await cleanUp(topics, groups);
  });

  /** One instance of the group; `blocked` says whether o-a's first payment still fails. */
  function instance(
    topic: string,
    group: string,
    handled: string[],
    blocked: () => boolean,
  ): Promise<Subscription> {
    return subscribe({
      group,
      topics: [{ name: topic, carries: 'shopstream.orders' }],
      connection,
      retry: {
        inPlace: { attempts: 1 },
        topicDelaysMs: [1_000, 10_000, 60_000],
        keepKeyOrder: { pool: database, schema },
      },
      handlers: {
        OrderPaid: async (event) => {
          if (event.orderId === 'o-a' && event.amountMinor === 1 && blocked())
            throw new Error('the first payment of o-a is not ready');
          handled.push(`${event.orderId}:${event.amountMinor}`);
        },
      },
    });
  }

  async function retriedOnce(subscription: Subscription): Promise<boolean> {
    const text = await subscription.metrics.registry.metrics();
    return /shopstream_subscriber_events_retried_total\{[^}]*where="retry-topic"[^}]*\} 1/.test(text);
  }

  it('keeps per-key order while an event of the key waits in a retry topic', async () => {
    const orders = await createTestTopic('sub_order');
    topics.push(orders);
    const handled: string[] = [];
    let failuresLeft = 2;
    const group = uniqueName('sub_order');
    groups.push(group);
    running.push(
      await subscribe({
        group,
        topics: [{ name: orders, carries: 'shopstream.orders' }],
        connection,
        retry: {
          inPlace: { attempts: 1 },
          topicDelaysMs: [300, 600],
          keepKeyOrder: { pool: database, schema },
        },
        handlers: {
          OrderPaid: async (event) => {
            if (event.amountMinor === 1 && event.orderId === 'o-a' && failuresLeft-- > 0)
              throw new Error('the first payment of o-a is not ready');
            handled.push(`${event.orderId}:${event.amountMinor}`);
          },
        },
      }),
    );
    // o-a's first event fails twice, so it succeeds in the second retry stage; o-a's later ones must wait for it.
    await publish(orders, [
      orderPaid('o-a', 1),
      orderPaid('o-a', 2),
      orderPaid('o-b', 1),
      orderPaid('o-a', 3),
    ]);
    await waitFor(() => handled.length === 4, { what: 'all four events', timeoutMs: 60_000 });
    expect(handled.filter((h) => h.startsWith('o-a'))).toEqual(['o-a:1', 'o-a:2', 'o-a:3']);
    // o-b did not wait for o-a.
    expect(handled[0]).toBe('o-b:1');
    expect(await readAll(`${orders}-dlt`)).toHaveLength(0);
  });

  it.each([
    ['the subscriber restarts', false],
    ['a second instance joins and the first leaves', true],
  ])('holds a key back while its event waits in a retry topic when %s', async (_, overlap) => {
    // One partition: o-b's event is read after o-a's second, so its handling proves o-a:2 was read and held.
    const topic = await createTestTopic('sub_keys', 1);
    const group = uniqueName('sub_keys');
    topics.push(topic);
    groups.push(group);
    const handled: string[] = [];
    let blocked = true;

    const first = await instance(topic, group, handled, () => blocked);
    running.push(first);
    await publish(topic, [orderPaid('o-a', 1)]);
    await waitFor(() => retriedOnce(first), { what: "o-a's first payment in the first retry topic" });

    const second = await instance(topic, group, handled, () => blocked);
    running.push(second);
    if (overlap) await waitFor(() => second.isReady(), { what: 'the second instance in its groups' });
    await first.stop();
    await waitFor(() => second.isReady(), { what: 'the second instance owning the partitions' });

    await publish(topic, [orderPaid('o-a', 2), orderPaid('o-b', 1)]);
    await waitFor(() => handled.includes('o-b:1'), { what: "o-b's payment, which waits for nothing" });
    expect(handled).toEqual(['o-b:1']);

    blocked = false;
    await waitFor(() => handled.length === 3, { what: "o-a's payments", timeoutMs: 90_000 });
    expect(handled).toEqual(['o-b:1', 'o-a:1', 'o-a:2']);
    const { rows } = await database.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${schema}.subscriber_held_events WHERE group_id = $1`,
      [group],
    );
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
