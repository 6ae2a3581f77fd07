import { DataSource } from 'typeorm';
import { createDataSource, SqlExecutor } from '@shopstream/database';
import { ensureCurrentVersion } from '@shopstream/projections';
import { orderLinesProjection, orderSummaryProjection } from '@shopstream/read-models';
import { ReadWait } from '../../../apps/commerce-api/src/get-order/read-wait';
import { READ_WAIT_SETTINGS } from '../../../apps/commerce-api/src/get-order/read-wait.provider';
import { platformConfig } from '../../support/platform';
import { uniqueName } from '../../support/wait-for';
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

/** The shared wait itself, on projections of the test's own in the real checkpoint tables. */
describe('ReadWait', () => {
  let dataSource: DataSource;
  const projection = uniqueName('readwait');
  let statements = 0;
  let sql: SqlExecutor;

  beforeAll(async () => {
    dataSource = createDataSource(platformConfig().database.url, { poolSize: 4 });
    await dataSource.initialize();
    sql = {
      query: (text, params) => {
        statements++;
        return dataSource.query(text, params ? [...params] : undefined);
      },
    };
    await dataSource.query('insert into projection_versions (projection, active_version) values ($1, 1)', [
      projection,
    ]);
  });
  afterAll(async () => {
    await dataSource.query('delete from projection_checkpoints where projection = $1', [projection]);
    await dataSource.query('delete from projection_versions where projection = $1', [projection]);
    await dataSource.destroy();
  });

  const checkpoint = (nextOffset: number) =>
    dataSource.query(
      `insert into projection_checkpoints (projection, version, topic, partition, next_offset) values ($1, 1, 't', 0, $2)
       on conflict (projection, version, topic, partition) do update set next_offset = excluded.next_offset`,
      [projection, nextOffset],
    );
  const at = (offset: number) =>
    ({ kind: 'applied', slot: { projection, topic: 't', partition: 0 }, offset: BigInt(offset) }) as const;

  it('wakes every waiter of a position with one check per tick, not a poll per waiter', async () => {
    const wait = new ReadWait(sql, { limitMs: 10_000, pollMs: 25, maxWaiting: 500 });
    await checkpoint(5);
    statements = 0;
    const started = Date.now();
    const waiters = Array.from({ length: 300 }, (_, i) =>
      wait.run((until) => until(at(i % 2 === 0 ? 9 : 4))),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    await checkpoint(10);
    expect(await Promise.all(waiters)).toEqual(Array.from({ length: 300 }, () => true));
    const ticks = (Date.now() - started) / 25;
    // One statement per tick for every waiter together; a poll per waiter would be hundreds per tick.
    expect(statements).toBeLessThanOrEqual(Math.ceil(ticks) + 2);
    expect(wait.waiting).toBe(0);
    wait.close();
  });

  it('answers false once the limit has passed, and true at once for a position already applied', async () => {
    const wait = new ReadWait(sql, { limitMs: 300, pollMs: 25, maxWaiting: 10 });
    await checkpoint(10);
    const started = Date.now();
    expect(await wait.run((until) => until(at(9)))).toBe(true);
    expect(Date.now() - started).toBeLessThan(200);
    expect(await wait.run((until) => until(at(10)))).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    wait.close();
  });
});
