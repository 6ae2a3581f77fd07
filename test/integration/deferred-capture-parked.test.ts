import { Client } from 'pg';
import { SqlExecutor } from '@shopstream/database';
import { createEventCodec, ShopstreamEvent } from '@shopstream/events';
import { ORDER_FLOW_INSTANCE, orderFlowProcessor } from '@shopstream/order-flow';
import * as orders from '@shopstream/orders';
import { applyBatch, listDeadLetters, ProjectedEvent } from '@shopstream/projections';
import { orderPlaced, paymentCaptured, paymentFailed } from '../support/event-builders';
import { platformConfig } from '../support/platform';
import { uniqueName } from '../support/wait-for';

const config = platformConfig();
const codec = createEventCodec(config.registry.url);

/**
 * A capture from a producer other than the commerce API (which refuses one for a PENDING order) can arrive before
 * its order is confirmed; the processor defers it and replays it once the order leaves PENDING. When the order
 * left PENDING for a state that can't take the money (rejected for want of stock), the replayed capture is a late
 * capture: it must be parked in the processor's dead letters at the position it was read from, like the same
 * capture arriving after the rejection, never only logged.
 *
 * The processor's batches are applied here as its lane applies them (ledger, reactions, checkpoints in one
 * transaction, on topics of the test's own), and the whole test runs in one transaction that is rolled back: nothing
 * reaches the outbox, so nothing is published into the platform's topics.
 */
describe('order-flow processor: a deferred capture replayed after its order left PENDING', () => {
  const db = new Client({ connectionString: config.database.url });
  const sql: SqlExecutor = {
    query: async (text, params) => (await db.query(text, params ? [...params] : undefined)).rows as never,
  };
  const logged: string[] = [];
  const processor = orderFlowProcessor(codec, {
    ignored: (trigger, why) => logged.push(`${trigger.type}: ${why}`),
  });
  const suffix = uniqueName('defer').replace(/_/g, '-');
  const ordersTopic = `it.orders.${suffix}`;
  const paymentsTopic = `it.payments.${suffix}`;

  beforeAll(async () => {
    await db.connect();
    await db.query('begin');
    await db.query('set local search_path to order_flow, public');
  });

  afterAll(async () => {
    await db.query('rollback');
    await db.end();
  });

  /** One batch of the processor, moving each partition it holds from its first record to after its last. */
  const applyProcessorBatch = (events: ProjectedEvent<ShopstreamEvent>[]) =>
    applyBatch(sql, processor, events, {
      projectionName: ORDER_FLOW_INSTANCE.name,
      projectionVersion: processor.version,
      advances: events.map((e) => ({
        topic: e.topic,
        partition: e.partition,
        fromOffset: e.offset,
        nextOffset: String(BigInt(e.offset) + 1n),
        noneParked: true,
      })),
    });

  it('parks it in the dead letters at its own position, and the batch that rejected the order commits', async () => {
    const orderId = uniqueName('order');
    // A sku never received: the reservation fails and the order is rejected.
    const placed = orderPlaced(orderId, [{ sku: `SKU-${suffix}`, quantity: 1, unitPriceMinor: 1_000 }]);
    // The order as the commerce API stores it when it is placed: PENDING until the processor reserves its stock.
    await db.query(
      "insert into order_flow.orders (order_id, status, state, version) values ($1, 'PENDING', $2, 1)",
      [orderId, JSON.stringify(orders.evolve(null, placed))],
    );
    const captured = paymentCaptured(orderId, `${orderId}-p`, 1_495, 'another-payments-service');
    const capturedAt = { topic: paymentsTopic, partition: 0, offset: '7', key: orderId };
    await applyProcessorBatch([{ ...capturedAt, event: captured }]);
    const deferred = await db.query('select 1 from order_flow.deferred_events where order_id = $1', [
      orderId,
    ]);
    expect(deferred.rowCount).toBe(1);

    // The batch that rejects the order also moves the payments partition the capture was read from.
    const failedElsewhere = paymentFailed(`${orderId}-other`, `${orderId}-other-p`, 1);
    await applyProcessorBatch([
      { topic: ordersTopic, partition: 0, offset: '3', key: orderId, event: placed },
      { topic: paymentsTopic, partition: 0, offset: '8', key: `${orderId}-other`, event: failedElsewhere },
    ]);

    const row = await db.query<{ status: string }>(
      'select status from order_flow.orders where order_id = $1',
      [orderId],
    );
    expect(row.rows[0]?.status).toBe('REJECTED');
    const letters = await listDeadLetters(sql, { projection: ORDER_FLOW_INSTANCE.name, key: orderId });
    expect(letters).toEqual([
      expect.objectContaining({
        topic: paymentsTopic,
        partition: 0,
        offset: '7',
        status: 'PARKED',
        errorCode: 'PROJECTION_INVARIANT',
        message: expect.stringMatching(/REJECTED order; refund payment/),
      }),
    ]);
    const parked = await codec.decode(letters[0]!.value!);
    expect('metadata' in parked && parked.metadata.eventId).toBe(captured.metadata.eventId);
    // A redrive must apply it again, not skip it as an event the processor has seen.
    const ledger = await db.query('select 1 from order_flow.applied_events where event_id = $1', [
      captured.metadata.eventId,
    ]);
    expect(ledger.rowCount).toBe(0);
    expect(
      (await db.query('select 1 from order_flow.deferred_events where order_id = $1', [orderId])).rowCount,
    ).toBe(0);
    expect(logged.filter((l) => l.includes('PaymentCaptured'))).toEqual([]);
  });
});
