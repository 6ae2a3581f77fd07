import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  createOrderFlowCommands,
  IdempotencyConflictError,
  OrderFlowCommandsHandle,
  RequestMeta,
} from '@shopstream/order-flow';
import { IllegalOrderTransitionError } from '@shopstream/orders';
import { Processor } from '../../apps/processor/src/processor';
import { platformConfig } from '../support/platform';
import { SHIPPING_ADDRESS } from '../support/shipping-address';
import { uniqueName, waitFor } from '../support/wait-for';

const config = platformConfig();
const address = SHIPPING_ADDRESS;
const meta = (key: string | null = null, hash = 'h'): RequestMeta => ({
  idempotencyKey: key,
  requestHash: hash,
  correlationId: randomUUID(),
});

describe('order flow: commands, processor and outbox against Kafka and PostgreSQL', () => {
  let handle: OrderFlowCommandsHandle;
  let processor: Processor;
  const db = new Client({ connectionString: config.database.url });
  const prefix = uniqueName('flow');

  beforeAll(async () => {
    await db.connect();
    handle = await createOrderFlowCommands(config);
    // Its own metrics port: a processor started by `npm start` may hold the default one.
    processor = await Processor.start({
      ...config,
      ports: { ...config.ports, processorMetrics: 19_500 + Math.floor(Math.random() * 400) },
    });
  });

  afterAll(async () => {
    await processor.stop();
    await handle.close();
    await db.end();
  });

  const statusOf = async (orderId: string) =>
    (
      await db.query<{ status: string }>('select status from order_flow.orders where order_id = $1', [
        orderId,
      ])
    ).rows[0]?.status;
  const stockOf = async (sku: string) =>
    (
      await db.query<{ state: { onHand: number; reserved: number } }>(
        'select state from order_flow.stock where sku = $1',
        [sku],
      )
    ).rows[0]?.state;
  const outboxTypes = async (aggregate: string) =>
    (
      await db.query<{ event_type: string }>(
        `select event_type from order_flow.outbox where key = $1 order by id`,
        [aggregate],
      )
    ).rows.map((r) => r.event_type.split('.').pop());
  const reach = (orderId: string, status: string) =>
    waitFor(async () => (await statusOf(orderId)) === status, {
      timeoutMs: 60_000,
      what: `order ${orderId} to be ${status}`,
    });

  async function placeFor(sku: string, quantity: number, key: string | null = null) {
    return handle.commands.placeOrder(
      {
        customerId: `${prefix}-c`,
        currency: 'EUR',
        lines: [{ sku, quantity, unitPriceMinor: 1_250 }],
        shippingAddress: address,
      },
      meta(key),
    );
  }

  it('keeps each order’s hold on a sku in a row of its own, not in the sku’s state', async () => {
    const sku = `${prefix}-H`;
    await handle.commands.receiveStock(sku, { quantity: 100 }, meta());
    const ids: string[] = [];
    for (const quantity of [1, 2, 3, 4]) ids.push((await placeFor(sku, quantity)).result.orderId);
    for (const id of ids) await reach(id, 'CONFIRMED');
    const holds = async () =>
      Object.fromEntries(
        (
          await db.query<{ order_id: string; quantity: number }>(
            'select order_id, quantity from order_flow.stock_reservations where sku = $1',
            [sku],
          )
        ).rows.map((r) => [r.order_id, r.quantity]),
      );
    expect(await holds()).toEqual({ [ids[0]!]: 1, [ids[1]!]: 2, [ids[2]!]: 3, [ids[3]!]: 4 });
    // The row keeps the totals only: it does not grow with every open reservation of the sku.
    const state = await stockOf(sku);
    expect(state).toMatchObject({ onHand: 100, reserved: 10 });
    expect(state).not.toHaveProperty('reservations');

    await handle.commands.cancelOrder(ids[1]!, { by: 'CUSTOMER', reason: 'CUSTOMER_REQUEST' }, meta());
    await waitFor(async () => (await stockOf(sku))?.reserved === 8, {
      timeoutMs: 60_000,
      what: 'the cancelled order’s stock to be released',
    });
    expect(await holds()).toEqual({ [ids[0]!]: 1, [ids[2]!]: 3, [ids[3]!]: 4 });
  });

  it('takes an order from placed to delivered, committing its stock when it ships', async () => {
    const sku = `${prefix}-A`;
    const received = await handle.commands.receiveStock(sku, { quantity: 10 }, meta());
    expect(received.result).toMatchObject({ onHand: 10, available: 10 });
    expect(received.events[0]).toMatchObject({
      type: 'shopstream.inventory.StockReceived',
      topic: 'shopstream.inventory',
    });

    const placed = await placeFor(sku, 3);
    expect(placed.result.status).toBe('PENDING');
    expect(placed.events[0]).toMatchObject({
      type: 'shopstream.orders.OrderPlaced',
      topic: 'shopstream.orders',
    });
    expect(Number(placed.events[0]!.offset)).toBeGreaterThanOrEqual(0);
    const { orderId } = placed.result;
    await reach(orderId, 'CONFIRMED');
    expect(await stockOf(sku)).toMatchObject({ onHand: 10, reserved: 3 });

    await handle.commands.recordPayment(
      { kind: 'captured', orderId, paymentId: `${orderId}-p`, amountMinor: 3 * 1_250 + 495, currency: 'EUR' },
      meta(),
    );
    await reach(orderId, 'PAID');
    const shipment = await handle.commands.createShipment(orderId, meta());
    await handle.commands.dispatchShipment(
      shipment.result.shipmentId,
      { carrier: 'DHL', trackingNumber: 'TRK-1' },
      meta(),
    );
    await reach(orderId, 'SHIPPED');
    expect(await stockOf(sku)).toMatchObject({ onHand: 7, reserved: 0 });
    await handle.commands.deliverShipment(shipment.result.shipmentId, meta());
    await reach(orderId, 'DELIVERED');
    expect(await outboxTypes(orderId)).toEqual([
      'OrderPlaced',
      'OrderConfirmed',
      'PaymentCaptured',
      'OrderPaid',
      'ShipmentCreated',
      'ShipmentDispatched',
      'OrderShipped',
      'ShipmentDelivered',
      'OrderDelivered',
    ]);
    await expect(
      handle.commands.cancelOrder(orderId, { by: 'CUSTOMER', reason: 'CUSTOMER_REQUEST' }, meta()),
    ).rejects.toMatchObject({
      code: 'ORDER_ILLEGAL_TRANSITION',
      currentStatus: 'DELIVERED',
    });
  });

  it('releases the stock of a cancelled paid order and refunds it', async () => {
    const sku = `${prefix}-B`;
    await handle.commands.receiveStock(sku, { quantity: 5 }, meta());
    const { orderId } = (await placeFor(sku, 2)).result;
    await reach(orderId, 'CONFIRMED');
    await handle.commands.recordPayment(
      { kind: 'captured', orderId, paymentId: `${orderId}-p`, amountMinor: 2 * 1_250 + 495, currency: 'EUR' },
      meta(),
    );
    await reach(orderId, 'PAID');
    const cancelled = await handle.commands.cancelOrder(
      orderId,
      { by: 'CUSTOMER', reason: 'CUSTOMER_REQUEST' },
      meta(),
    );
    expect(cancelled.result.status).toBe('CANCELLED');
    await reach(orderId, 'REFUNDED');
    expect(await stockOf(sku)).toMatchObject({ onHand: 5, reserved: 0 });
  });

  it('cancels an order whose payment failed and releases its stock', async () => {
    const sku = `${prefix}-C`;
    await handle.commands.receiveStock(sku, { quantity: 5 }, meta());
    const { orderId } = (await placeFor(sku, 4)).result;
    await reach(orderId, 'CONFIRMED');
    await handle.commands.recordPayment(
      {
        kind: 'failed',
        orderId,
        paymentId: `${orderId}-p`,
        amountMinor: 5_495,
        currency: 'EUR',
        failureCode: 'card_declined',
        message: null,
      },
      meta(),
    );
    await reach(orderId, 'CANCELLED');
    await waitFor(async () => (await stockOf(sku))?.reserved === 0, { what: 'stock released' });
  });

  it('reserves exactly the last M units when N orders race for them', async () => {
    const sku = `${prefix}-RACE`;
    await handle.commands.receiveStock(sku, { quantity: 5 }, meta());
    const placed = await Promise.all(Array.from({ length: 20 }, () => placeFor(sku, 1)));
    const ids = placed.map((p) => p.result.orderId);
    await waitFor(async () => (await Promise.all(ids.map(statusOf))).every((s) => s !== 'PENDING'), {
      timeoutMs: 90_000,
      what: 'all decided',
    });
    const statuses = await Promise.all(ids.map(statusOf));
    expect(statuses.filter((s) => s === 'CONFIRMED')).toHaveLength(5);
    expect(statuses.filter((s) => s === 'REJECTED')).toHaveLength(15);
    expect(await stockOf(sku)).toMatchObject({ onHand: 5, reserved: 5 });
  });

  it('answers a retried request with the same Idempotency-Key without a second event, and refuses the key for another body', async () => {
    const sku = `${prefix}-IDEM`;
    const key = randomUUID();
    const first = await placeFor(sku, 1, key);
    const again = await placeFor(sku, 1, key);
    expect(again.replayed).toBe(true);
    expect(again.result).toEqual(first.result);
    expect(again.events).toEqual(first.events);
    const placedEvents = await db.query(
      `select count(*)::int as n from order_flow.outbox where event_type = 'shopstream.orders.OrderPlaced' and key = $1`,
      [first.result.orderId],
    );
    expect(placedEvents.rows[0].n).toBe(1);
    await expect(
      handle.commands.placeOrder(
        {
          customerId: 'other',
          currency: 'EUR',
          lines: [{ sku, quantity: 2, unitPriceMinor: 1 }],
          shippingAddress: address,
        },
        meta(key, 'another-hash'),
      ),
    ).rejects.toBeInstanceOf(IdempotencyConflictError);
  });

  it('confirms an order that lists one sku on two lines, reserving their sum', async () => {
    const sku = `${prefix}-TWICE`;
    await handle.commands.receiveStock(sku, { quantity: 5 }, meta());
    const placed = await handle.commands.placeOrder(
      {
        customerId: `${prefix}-c`,
        currency: 'EUR',
        lines: [
          { sku, quantity: 1, unitPriceMinor: 100 },
          { sku, quantity: 2, unitPriceMinor: 90 },
        ],
        shippingAddress: address,
      },
      meta(),
    );
    await reach(placed.result.orderId, 'CONFIRMED');
    expect(await stockOf(sku)).toMatchObject({ onHand: 5, reserved: 3 });
  });

  it('refuses to ship a cancelled order with its current status', async () => {
    const sku = `${prefix}-D`;
    await handle.commands.receiveStock(sku, { quantity: 5 }, meta());
    const { orderId } = (await placeFor(sku, 1)).result;
    await reach(orderId, 'CONFIRMED');
    await handle.commands.cancelOrder(orderId, { by: 'CUSTOMER', reason: 'CUSTOMER_REQUEST' }, meta());
    const attempt = handle.commands.createShipment(orderId, meta());
    await expect(attempt).rejects.toBeInstanceOf(IllegalOrderTransitionError);
    await expect(handle.commands.createShipment(orderId, meta())).rejects.toMatchObject({
      currentStatus: 'CANCELLED',
    });
  });
});
