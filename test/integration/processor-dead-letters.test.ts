import { DataSource } from 'typeorm';
import { createDataSource, SqlExecutor } from '@shopstream/database';
import { createEventCodec, OrdersEvent } from '@shopstream/events';
import { listDeadLetters, park } from '@shopstream/projections';
import { runCli } from '../support/cli';
import { metadata } from '../support/event-builders';
import { platformConfig } from '../support/platform';
import { uniqueName } from '../support/wait-for';

const config = platformConfig();
const codec = createEventCodec(config.registry.url);

/**
 * The processor parks events in public.projection_dead_letters as `order_flow`, and its state lives in the
 * `order_flow` schema, not in a read model's. The parked event here is a cancellation of an order the processor never
 * saw: applying it changes no state row and emits nothing into the outbox, so the redrive publishes nothing into the
 * platform's topics. Its row names a topic of the test's own and is redriven by id, so the platform's own dead
 * letters, if any, are neither touched nor redriven.
 */
describe('dlq commands for the order-flow processor', () => {
  let dataSource: DataSource;
  let sql: SqlExecutor;
  const topic = `it.dlq.${uniqueName('proc')}`.replace(/_/g, '-');
  const eventIds: string[] = [];

  beforeAll(async () => {
    dataSource = createDataSource(config.database.url, { poolSize: 2 });
    await dataSource.initialize();
    sql = { query: (text, params) => dataSource.query(text, params ? [...params] : undefined) };
  });

  afterAll(async () => {
    await dataSource.query(
      'delete from public.projection_dead_letters where projection = $1 and topic = $2',
      ['order_flow', topic],
    );
    await dataSource.query('delete from order_flow.applied_events where event_id = any($1::text[])', [
      eventIds,
    ]);
    await dataSource.destroy();
  });

  it('redrives a parked event of the processor, which dlq redrive refused as an unknown projection', async () => {
    const orderId = uniqueName('order');
    const event: OrdersEvent = {
      type: 'shopstream.orders.OrderCancelled',
      metadata: metadata(orderId, 2),
      orderId,
      reason: 'CUSTOMER_REQUEST',
      cancelledBy: 'CUSTOMER',
      refundDue: false,
    };
    eventIds.push(event.metadata.eventId);
    await park(sql, 'order_flow', 1, [
      {
        topic,
        partition: 0,
        offset: '0',
        key: orderId,
        value: await codec.encode(event),
        errorCode: 'PROJECTION_INVARIANT',
        message: 'parked by a test',
      },
    ]);
    const [letter] = await listDeadLetters(sql, { projection: 'order_flow', key: orderId });
    expect(letter).toBeDefined();

    const listed = await runCli(['dlq', 'list', '--projection', 'order_flow', '--json']);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((d) => d.id)).toContain(letter!.id);

    const redriven = await runCli(['dlq', 'redrive', 'order_flow', '--id', letter!.id]);
    expect(redriven.stderr).not.toMatch(/No projection/);
    expect(redriven.code).toBe(0);
    expect(redriven.stdout).toMatch(/REDRIVEN/);
    const [after] = await listDeadLetters(sql, { ids: [letter!.id], status: 'ALL' });
    expect(after!.status).toBe('REDRIVEN');
    const outbox = await dataSource.query<{ n: number }[]>(
      'select count(*)::int as n from order_flow.outbox where key = $1',
      [orderId],
    );
    expect(outbox[0]!.n).toBe(0);
  });
});
