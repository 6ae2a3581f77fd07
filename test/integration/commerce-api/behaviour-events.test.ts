import { loadConfig } from '@shopstream/config';
import { BEHAVIOUR_TOPIC, BehaviourEvent, createEventCodec } from '@shopstream/events';
import { readTopics } from '@shopstream/kafka';
import { uniqueName } from '../../support/wait-for';
import { RunningApi, startApi } from './commerce-api-harness';

interface BehaviourAnswer {
  accepted: number;
  rejected: { index: number; errors: { field: string; message: string }[] }[];
}

interface Stats {
  behaviourProducer: { requests: number; produceCalls: number; records: number };
}

const config = loadConfig();

/** Every behaviour event on the topic whose session id starts with `prefix`, decoded. */
async function readBack(prefix: string): Promise<BehaviourEvent[]> {
  const codec = createEventCodec(config.registry.url);
  const found: BehaviourEvent[] = [];
  await readTopics({
    brokers: config.kafka.brokers,
    topics: [BEHAVIOUR_TOPIC],
    fromBeginning: true,
    untilCurrentEnd: true,
    onRecord: async (record) => {
      if (!record.key?.startsWith(prefix)) return;
      found.push((await codec.decode(record.value)) as BehaviourEvent);
    },
  });
  return found;
}

describe('commerce-api POST /behaviour/events (real Kafka and registry)', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('produces the valid events of a mixed batch, keyed by session, and reports the invalid ones by index', async () => {
    const session = uniqueName('sess');
    const customer = 'customer-7';
    const batch = [
      { type: 'ProductViewed', sessionId: session, sku: 'SKU-1', occurredAt: '2025-01-02T03:04:05.678Z' },
      { type: 'Teleported', sessionId: session },
      {
        type: 'SearchPerformed',
        sessionId: session,
        customerId: customer,
        query: 'red shoes',
        resultCount: 12,
      },
      {
        type: 'CartItemAdded',
        sessionId: session,
        sku: 'SKU-1',
        quantity: 2,
        unitPriceMinor: 1999,
        currency: 'EUR',
        occurredAt: 1_735_787_045_678,
      },
      { type: 'CartItemAdded', sessionId: '', sku: 'SKU-1', quantity: 0, unitPriceMinor: 1, currency: 'eur' },
      { type: 'CartItemRemoved', sessionId: session, sku: 'SKU-1', quantity: 1 },
      'not an object',
      { type: 'CheckoutStarted', sessionId: session, itemCount: 1, cartTotalMinor: 1999, currency: 'EUR' },
      { type: 'ProductViewed', sessionId: session, sku: 'SKU-2', occurredAt: '2999-01-01T00:00:00Z' },
    ];
    const answer = await api.request('POST', '/behaviour/events', batch, { 'X-Correlation-Id': session });
    expect(answer.status).toBe(200);
    const body = answer.body as BehaviourAnswer;
    expect(body.accepted).toBe(5);
    expect(body.rejected.map((r) => r.index)).toEqual([1, 4, 6, 8]);
    expect(body.rejected[0]!.errors).toEqual([
      { field: 'type', message: expect.stringContaining('ProductViewed') },
    ]);
    expect(body.rejected[1]!.errors.map((e) => e.field).sort()).toEqual([
      'currency',
      'quantity',
      'sessionId',
    ]);
    expect(body.rejected[3]!.errors).toEqual([{ field: 'occurredAt', message: 'must not be in the future' }]);

    const events = await readBack(session);
    expect(events.map((e) => e.type)).toEqual([
      'shopstream.behaviour.ProductViewed',
      'shopstream.behaviour.SearchPerformed',
      'shopstream.behaviour.CartItemAdded',
      'shopstream.behaviour.CartItemRemoved',
      'shopstream.behaviour.CheckoutStarted',
    ]);
    for (const event of events) {
      expect(event.sessionId).toBe(session);
      expect(event.metadata).toMatchObject({
        aggregateId: session,
        correlationId: session,
        producer: 'commerce-api',
        causationId: null,
      });
    }
    expect(events[0]!.metadata.occurredAt).toBe(Date.parse('2025-01-02T03:04:05.678Z'));
    expect(events[1]).toMatchObject({ customerId: customer, query: 'red shoes', resultCount: 12 });
    expect(events[2]).toMatchObject({ quantity: 2, unitPriceMinor: 1999, currency: 'EUR', customerId: null });
    expect(events[2]!.metadata.occurredAt).toBe(1_735_787_045_678);
    expect(new Set(events.map((e) => e.metadata.eventId)).size).toBe(5);
  });

  it('400 only when the body is not an array or holds more than 1,000 events', async () => {
    const notArray = await api.request('POST', '/behaviour/events', { type: 'ProductViewed' });
    expect(notArray.status).toBe(400);
    expect((notArray.body as { fields: unknown }).fields).toEqual([
      { field: '(body)', message: 'must be a JSON array of behaviour events' },
    ]);
    const tooMany = Array.from({ length: 1_001 }, () => ({
      type: 'ProductViewed',
      sessionId: 's',
      sku: 'x',
    }));
    expect((await api.request('POST', '/behaviour/events', tooMany)).status).toBe(400);
    const empty = await api.request('POST', '/behaviour/events', []);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ accepted: 0, rejected: [] });
  });

  it('lets concurrent requests share produce calls', async () => {
    const prefix = uniqueName('conc');
    const before = (await api.request('GET', '/stats')).body as Stats;
    const requests = 40;
    const answers = await Promise.all(
      Array.from({ length: requests }, (_, r) =>
        api.request(
          'POST',
          '/behaviour/events',
          Array.from({ length: 5 }, (__, i) => ({
            type: 'ProductViewed',
            sessionId: `${prefix}-${r}`,
            sku: `SKU-${i}`,
          })),
        ),
      ),
    );
    expect(answers.every((a) => a.status === 200 && (a.body as BehaviourAnswer).accepted === 5)).toBe(true);
    const after = (await api.request('GET', '/stats')).body as Stats;
    const sent = after.behaviourProducer.requests - before.behaviourProducer.requests;
    const produceCalls = after.behaviourProducer.produceCalls - before.behaviourProducer.produceCalls;
    expect(sent).toBe(requests);
    expect(after.behaviourProducer.records - before.behaviourProducer.records).toBe(requests * 5);
    expect(produceCalls).toBeGreaterThan(0);
    expect(produceCalls).toBeLessThan(requests);

    const metrics = await api.request('GET', '/metrics');
    expect(metrics.text).toContain('commerce_api_behaviour_produce_calls');
    expect(metrics.text).toMatch(/commerce_api_behaviour_events_total\{outcome="accepted"\} \d+/);

    const events = await readBack(prefix);
    expect(events).toHaveLength(requests * 5);
  });
});
