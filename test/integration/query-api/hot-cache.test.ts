import { orderFlowHistory } from '@shopstream/simulation';
import { Registry } from 'prom-client';
import { createClient } from 'redis';
import { CacheMetrics } from '../../../apps/query-api/src/cache/cache-metrics';
import { HotCache } from '../../../apps/query-api/src/cache/hot-cache';
import { metadata, stockReceived } from '../../support/event-builders';
import { TcpProxy } from '../../support/tcp-proxy';
import { waitFor } from '../../support/wait-for';
import { QueryApiHarness } from './query-api-harness';

const REDIS = { host: '127.0.0.1', port: 6379 };

/** A counter or gauge of the API's /metrics, summed over the label sets matching `labels`. */
async function metric(harness: QueryApiHarness, name: string, labels = ''): Promise<number> {
  const text = (await harness.get('/metrics')).body as string;
  return text
    .split('\n')
    .filter((line) => line.startsWith(name) && line.includes(labels) && !line.startsWith(`${name}_`))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

describe('the query API hot cache', () => {
  const harness = new QueryApiHarness();
  const proxy = new TcpProxy(REDIS.host, REDIS.port);
  const history = orderFlowHistory({ orders: 10, seed: 21, prefix: harness.ns });
  const sku = history.find((e) => e.type === 'shopstream.orders.OrderPlaced')!.lines[0]!.sku;
  const hits = () => metric(harness, 'query_api_cache_lookups_total', 'outcome="hit"');
  const onHand = async (headers: Record<string, string> = {}) =>
    ((await harness.get(`/inventory/${sku}`, headers)).body as { onHand: number }).onHand;

  // The tests read one sku many times within a second; stock reads are limited at the customer rate, which a shop
  // front's one customer would never reach.
  const apiEnv = () => ({
    SHOPSTREAM_REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
    SHOPSTREAM_RATE_LIMIT_CUSTOMER: '100000',
  });

  beforeAll(async () => {
    await proxy.start();
    await harness.start(apiEnv());
    const token = await harness.send(history);
    await waitFor(
      async () => (await harness.get(`/inventory/${sku}?waitMs=0&after=${token}`)).status === 200,
      {
        timeoutMs: 120_000,
        intervalMs: 250,
        what: 'the projector to apply the history',
      },
    );
    // The triggers are installed on the tables the projector created after the API started.
    await harness.stopApi();
    await harness.startApi(apiEnv());
  }, 180_000);
  afterAll(async () => {
    await harness.stop();
    await proxy.cut();
  }, 60_000);

  it('answers a hot read from the cache, and never the old value once a committed write was announced', async () => {
    const before = await onHand();
    const hitsBefore = await hits();
    expect(await onHand()).toBe(before);
    expect(await hits()).toBe(hitsBefore + 1);

    const invalidations = await metric(harness, 'query_api_cache_invalidations_total');
    const write = await harness.send([
      { ...stockReceived(sku, 7), metadata: metadata(sku, 1_000_000, Date.now()) },
    ]);
    // Right after the wait, read-your-writes gets the new level: the cached one is stamped before the write.
    expect(await onHand({ 'X-Min-Position': write })).toBe(before + 7);
    await waitFor(
      async () => (await metric(harness, 'query_api_cache_invalidations_total')) > invalidations,
      {
        timeoutMs: 10_000,
        intervalMs: 20,
        what: 'the committed change to be announced',
      },
    );
    expect(await onHand()).toBe(before + 7);
    expect(await onHand()).toBe(before + 7);
    expect((await harness.get('/cache')).body).toMatchObject({
      state: 'up',
      hitRatio: expect.any(Number),
      invalidations: expect.any(Number),
    });
  });

  it('answers a read with a position from the cache only with a value stamped at or past it', async () => {
    const first = await harness.send([
      { ...stockReceived(sku, 2), metadata: metadata(sku, 2_000_000, Date.now()) },
    ]);
    const level = await onHand({ 'X-Min-Position': first });
    // Cached with the positions it reflects: a later read with the same position is a hit, not a PostgreSQL read.
    await waitFor(
      async () => {
        const before = await hits();
        return (await onHand()) === level && (await hits()) > before;
      },
      { what: 'the stock level to be answered from the cache' },
    );
    const hitsBefore = await hits();
    expect(await onHand({ 'X-Min-Position': first })).toBe(level);
    expect(await hits()).toBe(hitsBefore + 1);
    // A position past the cached value's stamp is never answered with it, announced invalidation or not.
    const notHit = async () =>
      (await metric(harness, 'query_api_cache_lookups_total', 'outcome="miss"')) +
      (await metric(harness, 'query_api_cache_lookups_total', 'outcome="behind"'));
    const notHitBefore = await notHit();
    const second = await harness.send([
      { ...stockReceived(sku, 3), metadata: metadata(sku, 2_000_001, Date.now()) },
    ]);
    expect(await onHand({ 'X-Min-Position': second })).toBe(level + 3);
    expect(await notHit()).toBeGreaterThan(notHitBefore);
    expect(await onHand({ 'X-Min-Position': second })).toBe(level + 3);
  });

  it('starts a new key space when the read models swap to a new version', async () => {
    await onHand();
    const hitsBefore = await hits();
    await onHand();
    expect(await hits()).toBe(hitsBefore + 1);
    const misses = await metric(harness, 'query_api_cache_lookups_total', 'outcome="miss"');
    // What a rebuild's swap-in does to projection_versions; the namespaced instance has no row of its own before.
    await harness.dataSource.query(
      'insert into projection_versions (projection, active_version) values ($1, 2) on conflict (projection) do update set active_version = 2',
      [`${harness.ns}_stock_levels`],
    );
    await waitFor(
      async () => {
        await onHand();
        return (await metric(harness, 'query_api_cache_lookups_total', 'outcome="miss"')) > misses;
      },
      { timeoutMs: 10_000, intervalMs: 50, what: 'a read after the swap to miss the old key space' },
    );
  });

  it('answers from PostgreSQL without an error while Redis is away, and warms again once it is back', async () => {
    const expected = await onHand();
    await proxy.cut();
    const fallbacks = await metric(harness, 'query_api_cache_fallbacks_total');
    for (let i = 0; i < 5; i++) {
      const answer = await harness.get(`/inventory/${sku}`);
      expect(answer.status).toBe(200);
      expect((answer.body as { onHand: number }).onHand).toBe(expected);
    }
    expect(await metric(harness, 'query_api_cache_up')).toBe(0);
    expect(await metric(harness, 'query_api_cache_fallbacks_total')).toBeGreaterThanOrEqual(fallbacks + 5);

    await proxy.restore();
    await waitFor(async () => (await metric(harness, 'query_api_cache_up')) === 1, {
      timeoutMs: 15_000,
      intervalMs: 100,
      what: 'the cache to reconnect',
    });
    await onHand();
    const hitsBefore = await hits();
    expect(await onHand()).toBe(expected);
    expect(await hits()).toBe(hitsBefore + 1);
  });
});

describe('HotCache compare-and-set', () => {
  const cache = new HotCache(
    { url: `redis://${REDIS.host}:${REDIS.port}`, ttlS: 60, maxEntryBytes: 65_536, timeoutMs: 500 },
    new CacheMetrics(new Registry()),
  );
  beforeAll(async () => {
    await cache.start();
    await waitFor(() => cache.state === 'up', { timeoutMs: 5_000, intervalMs: 20, what: 'Redis' });
  });
  afterAll(() => cache.stop());

  it('takes an answer that reached its socket while the event loop was busy past the timeout', async () => {
    const busy = new HotCache(
      { url: `redis://${REDIS.host}:${REDIS.port}`, ttlS: 60, maxEntryBytes: 65_536, timeoutMs: 50 },
      new CacheMetrics(new Registry()),
    );
    await busy.start();
    try {
      await waitFor(() => busy.state === 'up', { timeoutMs: 5_000, intervalMs: 20, what: 'Redis' });
      const fullKey = busy.keyOf(`it-busy-loop-${Date.now()}`)!;
      expect(await busy.putIfUnchanged(fullKey, null, { onHand: 7 })).toBe(true);
      const lookup = busy.lookup<{ onHand: number }>('test', fullKey);
      // The client writes its commands in the loop's next check phase; right after that write, the API is busy
      // with other requests for longer than the timeout, and Redis's answer waits in the socket meanwhile.
      setImmediate(() => {
        const until = Date.now() + 150;
        while (Date.now() < until);
      });
      expect(await lookup).toMatchObject({ hit: true, value: { onHand: 7 } });
    } finally {
      await busy.stop();
    }
  });

  it('does not let a slow reader write back a value an invalidation superseded', async () => {
    const key = `it-slow-reader-${Date.now()}`;
    const fullKey = cache.keyOf(key)!;
    // The slow reader looks up (a miss) and reads the old row from PostgreSQL...
    const slow = await cache.lookup<{ onHand: number }>('test', fullKey);
    expect(slow).toEqual({ hit: false, seen: null });
    // ...meanwhile the projector commits a change and its invalidation lands...
    await cache.invalidate([key]);
    // ...and a fast reader caches the fresh row.
    const fast = await cache.lookup<{ onHand: number }>('test', fullKey);
    expect(await cache.putIfUnchanged(fullKey, fast && !fast.hit ? fast.seen : null, { onHand: 2 })).toBe(
      true,
    );
    // The slow reader's write-back of the old row is refused, and the fresh value stays.
    expect(await cache.putIfUnchanged(fullKey, slow && !slow.hit ? slow.seen : null, { onHand: 1 })).toBe(
      false,
    );
    expect(await cache.lookup('test', fullKey)).toMatchObject({ hit: true, value: { onHand: 2 } });
  });

  it('answers a reader with a position only with a value stamped at or past it, then caches the fresher one', async () => {
    const key = `it-stamped-${Date.now()}`;
    const slot = 'order_summary\u0000shopstream.orders\u00000';
    const loads: number[] = [];
    const load = (value: number) => () => {
      loads.push(value);
      return Promise.resolve({ value });
    };
    const stampedAt = (next: number) => ({
      stamp: () => Promise.resolve({ [slot]: String(next) }),
      accepts: () => true,
    });
    const wanting = (offset: number, next: number) => ({
      stamp: () => Promise.resolve({ [slot]: String(next) }),
      accepts: (at: Record<string, string>) => BigInt(at[slot] ?? -1) > BigInt(offset),
    });
    // A plain reader caches the value with the positions read before it (next offset 5: offsets up to 4 applied).
    expect(await cache.through('test', key, load(1), stampedAt(5))).toEqual({ value: 1 });
    expect(await cache.through('test', key, load(99), stampedAt(5))).toEqual({ value: 1 });
    // A reader whose token is offset 4 may have it; one whose token is offset 7 reads PostgreSQL instead.
    expect(await cache.through('test', key, load(99), wanting(4, 5))).toEqual({ value: 1 });
    expect(await cache.through('test', key, load(2), wanting(7, 8))).toEqual({ value: 2 });
    // ...and what it read, stamped 8, now answers that token from the cache.
    expect(await cache.through('test', key, load(99), wanting(7, 8))).toEqual({ value: 2 });
    expect(loads).toEqual([1, 2]);
  });

  it('starts a key space again after Redis answered too slowly to start one, without a reconnection', async () => {
    // Redis holds every write for a while (as under a load spike): the new generation's INCR times out.
    const admin = createClient({ url: `redis://${REDIS.host}:${REDIS.port}` });
    await admin.connect();
    try {
      await admin.sendCommand(['CLIENT', 'PAUSE', '1500', 'WRITE']);
      await cache.flush();
      expect(cache.state).toBe('down');
    } finally {
      await admin.sendCommand(['CLIENT', 'UNPAUSE']);
      await admin.close();
    }
    // The connection never broke, so no 'ready' event comes: the cache must try again on its own.
    await waitFor(() => cache.state === 'up', {
      timeoutMs: 10_000,
      intervalMs: 50,
      what: 'the cache to start a new key space',
    });
  });

  it('writes back a value no invalidation superseded', async () => {
    const key = `it-plain-reader-${Date.now()}`;
    const fullKey = cache.keyOf(key)!;
    const lookup = await cache.lookup('test', fullKey);
    expect(await cache.putIfUnchanged(fullKey, lookup && !lookup.hit ? lookup.seen : null, { v: 1 })).toBe(
      true,
    );
    expect(await cache.lookup('test', fullKey)).toMatchObject({ hit: true, value: { v: 1 } });
  });
});
