import { createDataSource } from '@shopstream/database';
import { ensureCurrentVersion, PositionWaiter } from '@shopstream/projections';
import { orderLinesProjection, orderSummaryProjection } from '@shopstream/read-models';
import {
  POSITION_WAITER,
  READ_WAIT_SETTINGS,
} from '../../../apps/commerce-api/src/get-order/read-wait.provider';
import { platformConfig } from '../../support/platform';
import { waitFor } from '../../support/wait-for';
import { RunningApi, startApi } from './commerce-api-harness';

const LIMIT_MS = 1_500;
const MAX_WAITING = 4;
/** A partition no topic of the platform has: a position there is never applied. */
const NEVER = 'shopstream.orders:2147483000:0';

interface Problems {
  readonly error: string;
  readonly fields?: readonly { field: string; message: string }[];
}

describe('GET /orders/:id?after= (read your writes)', () => {
  let api: RunningApi;
  beforeAll(async () => {
    // The views the API reads exist once the projector started; on a fresh database only this makes them.
    const readModels = createDataSource(platformConfig().database.url, { poolSize: 2 });
    await readModels.initialize();
    for (const projection of [orderSummaryProjection, orderLinesProjection])
      await ensureCurrentVersion(readModels, projection, { brokers: platformConfig().kafka.brokers });
    await readModels.destroy();
    api = await startApi({
      overrides: [
        { provide: READ_WAIT_SETTINGS, useValue: { limitMs: LIMIT_MS, pollMs: 25, maxWaiting: MAX_WAITING } },
      ],
    });
  });
  afterAll(async () => {
    await api.close();
  });

  it.each([
    ['a partition above int32', '2147483648:0', /partition must be at most 2147483647/],
    ['an offset above int64', 'shopstream.orders:0:9223372036854775808', /offset must be at most/],
    ['a topic no command writes', 'shopstream.behaviour:0:1', /one of shopstream.orders/],
    ['something else', 'latest', /<topic>:<partition>:<offset>/],
    ['a negative partition', '-1:5', /<topic>:<partition>:<offset>/],
  ])('400 naming after for %s', async (_, after, message) => {
    const answer = await api.request('GET', `/orders/order-1?after=${encodeURIComponent(after)}`);
    expect(answer.status).toBe(400);
    expect((answer.body as Problems).fields).toEqual([
      { field: 'after', message: expect.stringMatching(message) },
    ]);
  });

  it('400 for after given twice, and for an order id no order can have', async () => {
    const twice = await api.request('GET', '/orders/order-1?after=0:1&after=0:2');
    expect(twice.status).toBe(400);
    expect((twice.body as Problems).fields).toEqual([{ field: 'after', message: expect.any(String) }]);
    const nul = await api.request('GET', '/orders/order%00-1');
    expect(nul.status).toBe(400);
    expect((nul.body as Problems).fields).toEqual([{ field: 'orderId', message: expect.any(String) }]);
  });

  it('says the answer is behind when the position is not reached within the limit', async () => {
    const started = Date.now();
    const answer = await api.request('GET', `/orders/no-such-order?after=${NEVER}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(LIMIT_MS - 50);
    expect(answer.status).toBe(404);
    expect(answer.headers.get('read-consistency')).toBe('behind');
  });

  it('honours a stock token without waiting: no stock event changes an order', async () => {
    const started = Date.now();
    const answer = await api.request('GET', '/orders/no-such-order?after=shopstream.inventory:2147483000:0');
    expect(Date.now() - started).toBeLessThan(LIMIT_MS);
    expect(answer.headers.get('read-consistency')).toBe('caught-up');
  });

  it("waits on the engine's shared PositionWaiter, one waiter per request, not a summary-version poll of its own", async () => {
    const waiter = api.app.get<PositionWaiter>(POSITION_WAITER);
    const waiting = Array.from({ length: 3 }, () =>
      api.request('GET', `/orders/no-such-order?after=${NEVER}`),
    );
    await waitFor(() => waiter.waiting === 3, { what: 'three requests waiting on the PositionWaiter' });
    const answers = await Promise.all(waiting);
    expect(answers.map((a) => a.headers.get('read-consistency'))).toEqual(['behind', 'behind', 'behind']);
    expect(waiter.waiting).toBe(0);
  });

  it('refuses a waiter beyond the cap with 503 and Retry-After, and takes waiters again once they left', async () => {
    const waiting = Array.from({ length: MAX_WAITING }, () =>
      api.request('GET', `/orders/no-such-order?after=${NEVER}`),
    );
    await new Promise((resolve) => setTimeout(resolve, 200)); // let them all register before the one too many
    const refused = await api.request('GET', `/orders/no-such-order?after=${NEVER}`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect((refused.body as Problems).error).toBe('READ_WAIT_SATURATED');
    const answers = await Promise.all(waiting);
    expect(answers.map((a) => a.headers.get('read-consistency'))).toEqual(
      Array.from({ length: MAX_WAITING }, () => 'behind'),
    );
    const plain = await api.request('GET', '/orders/no-such-order');
    expect(plain.status).toBe(404);
  });
});
