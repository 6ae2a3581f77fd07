import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource } from '@shopstream/database';
import { createEventCodec } from '@shopstream/events';
import { createOrderFlowCommands, OrderFlowCommandsHandle } from '@shopstream/order-flow';
import { ensureCurrentVersion, ProjectionMetrics, ProjectionRunner } from '@shopstream/projections';
import { orderLinesProjection, orderSummaryProjection } from '@shopstream/read-models';
import { Processor } from '../../../apps/processor/src/processor';
import { ORDER_FLOW_COMMANDS } from '../../../apps/commerce-api/src/order-flow/order-flow.token';
import { platformConfig } from '../../support/platform';
import { uniqueName, waitFor } from '../../support/wait-for';
import { RunningApi, sign, startApi } from './commerce-api-harness';

const config = platformConfig();

/** The whole way a user goes: HTTP into the real API, events through Kafka, the processor, the final states. */
describe('order flows end to end through HTTP and Kafka', () => {
  let handle: OrderFlowCommandsHandle;
  let processor: Processor;
  let api: RunningApi;
  let readModels: DataSource;
  const db = new Client({ connectionString: config.database.url });
  const prefix = uniqueName('http');

  beforeAll(async () => {
    await db.connect();
    readModels = createDataSource(config.database.url, { poolSize: 4 });
    await readModels.initialize();
    handle = await createOrderFlowCommands(config);
    processor = await Processor.start({
      ...config,
      ports: { ...config.ports, processorMetrics: 19_600 + Math.floor(Math.random() * 300) },
    });
    api = await startApi({ orderFlow: () => ({ provide: ORDER_FLOW_COMMANDS, useValue: handle.commands }) });
  });

  afterAll(async () => {
    await api.close();
    await processor.stop();
    await handle.close();
    await readModels.destroy();
    await db.end();
  });

  const statusOf = async (orderId: string) =>
    (
      await db.query<{ status: string }>('select status from order_flow.orders where order_id = $1', [
        orderId,
      ])
    ).rows[0]?.status;
  const reach = (orderId: string, status: string) =>
    waitFor(async () => (await statusOf(orderId)) === status, {
      timeoutMs: 60_000,
      what: `order ${orderId} ${status}`,
    });
  const outboxCount = async () =>
    (await db.query<{ n: number }>('select count(*)::int as n from order_flow.outbox')).rows[0]!.n;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    api.request('POST', path, body, { 'idempotency-key': randomUUID(), ...headers });
  const order = (sku: string, quantity = 1) => ({
    customerId: `${prefix}-customer`,
    currency: 'EUR',
    lines: [{ sku, quantity, unitPriceMinor: 2_500 }],
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: 'Main St 1',
      city: 'Berlin',
      postalCode: '10115',
      country: 'DE',
    },
  });
  const webhook = async (type: string, orderId: string, extra: Record<string, unknown> = {}) => {
    const raw = JSON.stringify({
      type,
      deliveryId: randomUUID(),
      orderId,
      paymentId: `pay-${orderId}`,
      amountMinor: 5_000,
      currency: 'EUR',
      ...extra,
    });
    return api.request('POST', '/payments/webhook', raw, {
      'content-type': 'application/json',
      'x-signature': sign(raw),
    });
  };

  it('places, confirms, pays, ships and delivers an order, then refuses to cancel it with its status', async () => {
    const sku = `${prefix}-A`;
    expect((await post(`/inventory/${sku}/receive`, { quantity: 5 })).status).toBe(200);
    const placed = await post('/orders', order(sku, 2));
    expect(placed.status).toBe(202);
    const { orderId, status, consistencyToken } = placed.body as {
      orderId: string;
      status: string;
      consistencyToken: { topic: string };
    };
    expect(status).toBe('PENDING');
    expect(consistencyToken.topic).toBe('shopstream.orders');
    await reach(orderId, 'CONFIRMED');
    const payment = await webhook('captured', orderId);
    expect(payment.status).toBe(202);
    await reach(orderId, 'PAID');
    const shipment = await post('/shipments', { orderId });
    expect(shipment.status).toBe(201);
    const { shipmentId } = shipment.body as { shipmentId: string };
    expect(
      (await post(`/shipments/${shipmentId}/dispatch`, { carrier: 'DHL', trackingNumber: 'TRK-9' })).status,
    ).toBe(202);
    await reach(orderId, 'SHIPPED');
    expect((await post(`/shipments/${shipmentId}/deliver`, {})).status).toBe(202);
    await reach(orderId, 'DELIVERED');
    // The order as a reader sees it, once the read model has applied the placement (the consistency token).
    const projectors = [orderSummaryProjection, orderLinesProjection].map(
      (projection) =>
        new ProjectionRunner({
          projection,
          dataSource: readModels,
          codec: createEventCodec(config.registry.url),
          brokers: config.kafka.brokers,
          metrics: new ProjectionMetrics(),
        }),
    );
    for (const projection of [orderSummaryProjection, orderLinesProjection]) {
      await ensureCurrentVersion(readModels, projection, { brokers: config.kafka.brokers });
    }
    await Promise.all(projectors.map((p) => p.start()));
    try {
      const after = (token: unknown) => {
        const { topic, partition, offset } = token as { topic: string; partition: number; offset: string };
        return `${topic}:${partition}:${offset}`;
      };
      const view = await api.request('GET', `/orders/${orderId}?after=${after(consistencyToken)}`);
      expect(view.status).toBe(200);
      // Only a view that reflects the token says so: one given when the wait ran out says `behind`.
      expect(view.headers.get('read-consistency')).toBe('caught-up');
      expect(view.body).toMatchObject({ orderId, lines: [{ sku, quantity: 2, unitPriceMinor: 2_500 }] });
      // A payment's token waits for the processor's reaction to reach the view, not for an orders offset.
      const paid = await api.request(
        'GET',
        `/orders/${orderId}?after=${after((payment.body as { consistencyToken: unknown }).consistencyToken)}`,
      );
      expect(paid.headers.get('read-consistency')).toBe('caught-up');
      expect(paid.body).toMatchObject({ orderId, status: 'DELIVERED' });
    } finally {
      await Promise.all(projectors.map((p) => p.stop()));
    }
    const cancel = await post(`/orders/${orderId}/cancel`, {});
    expect(cancel.status).toBe(409);
    expect(cancel.body).toMatchObject({ currentStatus: 'DELIVERED' });
  });

  it('cancels a confirmed order and releases its stock; cancels an order whose payment failed', async () => {
    const sku = `${prefix}-B`;
    await post(`/inventory/${sku}/receive`, { quantity: 3 });
    const first = (await post('/orders', order(sku, 2))).body as { orderId: string };
    await reach(first.orderId, 'CONFIRMED');
    expect(
      (await post(`/orders/${first.orderId}/cancel`, { reason: 'CUSTOMER_REQUEST', by: 'CUSTOMER' })).status,
    ).toBe(202);
    const second = (await post('/orders', order(sku, 3))).body as { orderId: string };
    await reach(second.orderId, 'CONFIRMED'); // only possible once the first order's 2 units were released
    expect((await webhook('failed', second.orderId, { failureCode: 'card_declined' })).status).toBe(202);
    await reach(second.orderId, 'CANCELLED');
    await waitFor(
      async () => {
        const { rows } = await db.query<{ reserved: number }>(
          `select (state->>'reserved')::int as reserved from order_flow.stock where sku = $1`,
          [sku],
        );
        return rows[0]?.reserved === 0;
      },
      { what: 'stock released' },
    );
  });

  it('answers an invalid order with every invalid field and emits nothing', async () => {
    const before = await outboxCount();
    const response = await post('/orders', {
      ...order(`${prefix}-C`),
      currency: 'EURO',
      lines: [{ sku: '', quantity: 0, unitPriceMinor: -1 }],
    });
    expect(response.status).toBe(400);
    const fields = (response.body as { fields: { field: string }[] }).fields.map((f) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining(['currency', 'lines[0].sku', 'lines[0].quantity', 'lines[0].unitPriceMinor']),
    );
    expect(await outboxCount()).toBe(before);
  });

  it('gives the same answer for a repeated Idempotency-Key without a second event, and 422 for another body', async () => {
    const sku = `${prefix}-D`;
    const key = randomUUID();
    const first = await post('/orders', order(sku), { 'idempotency-key': key });
    const again = await post('/orders', order(sku), { 'idempotency-key': key });
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    const { orderId } = first.body as { orderId: string };
    const placedEvents = await db.query<{ n: number }>(
      `select count(*)::int as n from order_flow.outbox where key = $1 and event_type = 'shopstream.orders.OrderPlaced'`,
      [orderId],
    );
    expect(placedEvents.rows[0]!.n).toBe(1);
    expect((await post('/orders', order(sku, 2), { 'idempotency-key': key })).status).toBe(422);
  });
});
