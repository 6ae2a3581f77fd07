import type { OrdersEvent } from '@shopstream/events';
import {
  HandlerContext,
  pendingDeadLetters,
  replayDeadLetters,
  subscribe,
  Subscription,
} from '@shopstream/subscriber';
import {
  cleanUp,
  connection,
  createTestTopic,
  orderPaid,
  orderPlaced,
  orderRefunded,
  publish,
  publishRaw,
  readAll,
} from '../../support/subscriber-fixture';
import { uniqueName, waitFor } from '../../support/wait-for';

jest.setTimeout(120_000);

describe('subscriber SDK against the real broker and registry', () => {
  const topics: string[] = [];
  const running: Subscription[] = [];
  const groups: string[] = [];
  const groupName = (prefix: string) => {
    const group = uniqueName(prefix);
    groups.push(group);
    return group;
  };

  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });
  afterAll(async () => {
    await cleanUp(topics, groups);
  });

  async function topic(prefix: string): Promise<string> {
    const name = await createTestTopic(prefix);
    topics.push(name);
    return name;
  }

  it('hands each event to the handler typed for it, with its position and headers', async () => {
    const orders = await topic('sub_typed');
    const seen: { type: string; ctx: HandlerContext; amount: number }[] = [];
    const subscription = await subscribe({
      group: groupName('sub_typed'),
      topics: [{ name: orders, carries: 'shopstream.orders' }],
      connection,
      handlers: {
        OrderPaid: async (event, ctx) => {
          seen.push({ type: event.type, ctx, amount: event.amountMinor });
        },
        OrderRefunded: async (event, ctx) => {
          seen.push({ type: event.type, ctx, amount: -event.amountMinor });
        },
      },
    });
    running.push(subscription);
    await publish(orders, [orderPlaced('o-1', 'c-1'), orderPaid('o-1', 1_500), orderRefunded('o-1', 500)], {
      headers: { 'correlation-id': 'req-42' },
    });
    await waitFor(() => seen.length === 2, { what: 'the paid and refunded events' });
    expect(seen.map((s) => [s.type, s.amount])).toEqual([
      ['shopstream.orders.OrderPaid', 1_500],
      ['shopstream.orders.OrderRefunded', -500],
    ]);
    const [paid] = seen;
    expect(paid!.ctx).toMatchObject({
      key: 'o-1',
      topic: orders,
      offset: '1',
      attempt: 1,
      correlationId: 'req-42',
    });
    expect(paid!.ctx.metadata?.aggregateId).toBe('o-1');
    expect(paid!.ctx.headers['correlation-id']).toBe('req-42');
    await waitFor(() => subscription.isReady(), { what: 'readiness' });
    const metrics = await subscription.metrics.registry.metrics();
    expect(metrics).toMatch(/shopstream_subscriber_events_skipped_total\{[^}]*OrderPlaced"\} 1/);
  });

  it('reads an event written with an older schema as the latest version', async () => {
    const orders = await topic('sub_old_schema');
    const channels: string[] = [];
    running.push(
      await subscribe({
        group: groupName('sub_old_schema'),
        topics: [{ name: orders, carries: 'shopstream.orders' }],
        connection,
        handlers: { OrderPlaced: async (event) => void channels.push(event.channel) },
      }),
    );
    // What a producer still on v1 writes: the event without v2's channel.
    const v1: Record<string, unknown> = { ...orderPlaced('o-old', 'c-old') };
    delete v1.channel;
    await publish(orders, [v1 as unknown as OrdersEvent], { version: 1 });
    await waitFor(() => channels.length === 1, { what: 'the v1 OrderPlaced' });
    expect(channels).toEqual(['WEB']);
  });

  it('hands a batch handler the batch, in log order', async () => {
    const orders = await topic('sub_batch');
    const amounts: number[] = [];
    running.push(
      await subscribe({
        group: groupName('sub_batch'),
        topics: [{ name: orders, carries: 'shopstream.orders' }],
        connection,
        handleBatch: async (deliveries) => {
          for (const { event } of deliveries)
            if (event.type === 'shopstream.orders.OrderPaid') amounts.push(event.amountMinor);
        },
      }),
    );
    await publish(
      orders,
      [1, 2, 3, 4, 5].map((n) => orderPaid('o-batch', n)),
    );
    await waitFor(() => amounts.length === 5, { what: 'five paid events' });
    expect(amounts).toEqual([1, 2, 3, 4, 5]);
  });

  it('retries a handler that fails for a while in place, and it succeeds', async () => {
    const orders = await topic('sub_transient');
    const attempts: number[] = [];
    running.push(
      await subscribe({
        group: groupName('sub_transient'),
        topics: [{ name: orders, carries: 'shopstream.orders' }],
        connection,
        retry: { inPlace: { attempts: 3, initialDelayMs: 20 }, topicDelaysMs: [200] },
        handlers: {
          OrderPaid: async (_event, ctx) => {
            attempts.push(ctx.attempt);
            if (ctx.attempt < 3) throw new Error('the ledger is briefly locked');
          },
        },
      }),
    );
    await publish(orders, [orderPaid('o-t', 100)]);
    await waitFor(() => attempts.length === 3, { what: 'three tries' });
    expect(attempts).toEqual([1, 2, 3]);
    expect(await readAll(`${orders}-retry-200`)).toHaveLength(0);
    expect(await readAll(`${orders}-dlt`)).toHaveLength(0);
  });

  it('sends an event that always fails through the retry topics to the dead-letter topic, and replays it', async () => {
    const orders = await topic('sub_dlt');
    const group = groupName('sub_dlt');
    let healed = false;
    const tries: { attempt: number; at: number }[] = [];
    running.push(
      await subscribe({
        group,
        topics: [{ name: orders, carries: 'shopstream.orders' }],
        connection,
        retry: { inPlace: { attempts: 2, initialDelayMs: 10 }, topicDelaysMs: [200, 500] },
        handlers: {
          OrderPaid: async (_event, ctx) => {
            tries.push({ attempt: ctx.attempt, at: Date.now() });
            if (!healed) throw new RangeError('points ledger rejects the amount');
          },
        },
      }),
    );
    await publish(orders, [orderPaid('o-dead', 700)]);
    const [letter] = await waitFor(
      async () => {
        const letters = await readAll(`${orders}-dlt`);
        return letters.length === 1 ? letters : undefined;
      },
      { what: 'the dead letter', timeoutMs: 60_000 },
    );
    expect(tries.map((t) => t.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await readAll(`${orders}-retry-200`)).toHaveLength(1);
    expect(await readAll(`${orders}-retry-500`)).toHaveLength(1);
    expect(letter!.key).toBe('o-dead');
    expect(letter!.headers).toMatchObject({
      'kafka_dlt-original-topic': orders,
      'kafka_dlt-original-offset': '0',
      'kafka_dlt-original-consumer-group': group,
      'kafka_dlt-exception-fqcn': 'RangeError',
      'kafka_dlt-exception-message': 'points ledger rejects the amount',
      'retry_topic-attempts': '6',
    });
    expect(letter!.headers['kafka_dlt-original-partition']).toMatch(/^\d+$/);

    const pending = await pendingDeadLetters(connection.brokers, group);
    expect(pending.map((p) => [p.originalOffset, p.exceptionClass, p.attempts])).toEqual([
      ['0', 'RangeError', 6],
    ]);
    healed = true;
    expect(await replayDeadLetters(connection.brokers, group, pending, 200)).toBe(1);
    await waitFor(() => tries.length === 7, { what: 'the replayed try' });
    expect(await pendingDeadLetters(connection.brokers, group)).toEqual([]);
    expect(await readAll(`${orders}-dlt`)).toHaveLength(1);
  });

  it('dead-letters bytes that do not decode and, when told, events no handler takes, without holding up the rest', async () => {
    const orders = await topic('sub_poison');
    const paid: string[] = [];
    running.push(
      await subscribe({
        group: groupName('sub_poison'),
        topics: [{ name: orders, carries: 'shopstream.orders' }],
        connection,
        unhandled: 'dead-letter',
        retry: { topicDelaysMs: [200] },
        handlers: { OrderPaid: async (event) => void paid.push(event.orderId) },
      }),
    );
    await publishRaw(orders, 'o-p', Buffer.from('not an Avro frame'));
    await publish(orders, [orderPlaced('o-p', 'c-p'), orderPaid('o-p', 100)]);
    await waitFor(() => paid.length === 1, { what: 'the paid event after the bad ones' });
    const letters = await waitFor(
      async () => {
        const all = await readAll(`${orders}-dlt`);
        return all.length === 2 ? all : undefined;
      },
      { what: 'two dead letters' },
    );
    expect(letters.map((l) => l.headers['kafka_dlt-exception-fqcn'])).toEqual([
      'NotConfluentFrameError',
      'UnhandledEventError',
    ]);
    expect(letters[0]!.value?.toString()).toBe('not an Avro frame');
    expect(await readAll(`${orders}-retry-200`)).toHaveLength(0);
  });
});
