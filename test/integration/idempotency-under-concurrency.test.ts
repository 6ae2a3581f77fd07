import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  CommandOutcome,
  createOrderFlowCommands,
  IdempotencyInProgressError,
  OrderFlowCommandsHandle,
  RequestMeta,
} from '@shopstream/order-flow';
import { Processor } from '../../apps/processor/src/processor';
import { platformConfig } from '../support/platform';
import { SHIPPING_ADDRESS } from '../support/shipping-address';
import { uniqueName, waitFor } from '../support/wait-for';

const config = platformConfig();
const CONCURRENT = 20;
const address = SHIPPING_ADDRESS;
const meta = (key: string | null = null): RequestMeta => ({
  idempotencyKey: key,
  requestHash: 'same-request',
  correlationId: randomUUID(),
});

describe('idempotency: N concurrent requests with one Idempotency-Key', () => {
  let handle: OrderFlowCommandsHandle;
  let processor: Processor;
  const db = new Client({ connectionString: config.database.url });
  const prefix = uniqueName('idem');

  beforeAll(async () => {
    await db.connect();
    handle = await createOrderFlowCommands(config);
    processor = await Processor.start({
      ...config,
      ports: { ...config.ports, processorMetrics: 19_100 + Math.floor(Math.random() * 400) },
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
  const reach = (orderId: string, status: string) =>
    waitFor(async () => (await statusOf(orderId)) === status, {
      timeoutMs: 60_000,
      what: `order ${orderId} to be ${status}`,
    });
  const eventsOf = async (key: string, type: string) =>
    (
      await db.query<{ n: number }>(
        'select count(*)::int as n from order_flow.outbox where key = $1 and event_type = $2',
        [key, `shopstream.${type}`],
      )
    ).rows[0]!.n;

  async function placeOrder(sku: string) {
    await handle.commands.receiveStock(sku, { quantity: 10 }, meta());
    const placed = await handle.commands.placeOrder(
      {
        customerId: `${prefix}-c`,
        currency: 'EUR',
        lines: [{ sku, quantity: 1, unitPriceMinor: 1_000 }],
        shippingAddress: address,
      },
      meta(),
    );
    return placed.result.orderId;
  }

  async function paidOrder(sku: string) {
    const orderId = await placeOrder(sku);
    await reach(orderId, 'CONFIRMED');
    await handle.commands.recordPayment(
      { kind: 'captured', orderId, paymentId: `${orderId}-p`, amountMinor: 1_495, currency: 'EUR' },
      meta(),
    );
    await reach(orderId, 'PAID');
    return orderId;
  }

  /**
   * Runs `command` CONCURRENT times at once with one key: one executes, every other gets its answer, or (a copy that
   * waited out the in-progress limit on a busy machine) the documented "in progress, retry" error and never another;
   * a retry after they all settled is answered from the stored result.
   */
  async function exactlyOnce<R>(command: (m: RequestMeta) => Promise<CommandOutcome<R>>) {
    const key = randomUUID();
    const settled = await Promise.allSettled(Array.from({ length: CONCURRENT }, () => command(meta(key))));
    const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
    expect(failures.filter((f) => !(f instanceof IdempotencyInProgressError)).map(String)).toEqual([]);
    const outcomes = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const executed = outcomes.filter((o) => !o.replayed);
    expect(executed).toHaveLength(1);
    const retried = await command(meta(key));
    expect(retried.replayed).toBe(true);
    for (const outcome of [...outcomes, retried]) {
      expect(outcome.result).toEqual(executed[0]!.result);
      expect(outcome.events).toEqual(executed[0]!.events);
    }
    return executed[0]!;
  }

  it('places one order', async () => {
    const sku = `${prefix}-PLACE`;
    const first = await exactlyOnce((m) =>
      handle.commands.placeOrder(
        {
          customerId: `${prefix}-c`,
          currency: 'EUR',
          lines: [{ sku, quantity: 1, unitPriceMinor: 1_000 }],
          shippingAddress: address,
        },
        m,
      ),
    );
    const placed = await db.query<{ n: number }>(
      `select count(*)::int as n from order_flow.orders where state->>'customerId' = $1
       and state->'lines'->0->>'sku' = $2`,
      [`${prefix}-c`, sku],
    );
    expect(placed.rows[0]!.n).toBe(1);
    expect(await eventsOf(first.result.orderId, 'orders.OrderPlaced')).toBe(1);
  });

  it('cancels once and answers every copy with the cancellation, not an illegal transition', async () => {
    const orderId = await placeOrder(`${prefix}-CANCEL`);
    await exactlyOnce((m) =>
      handle.commands.cancelOrder(orderId, { by: 'CUSTOMER', reason: 'CUSTOMER_REQUEST' }, m),
    );
    expect(await eventsOf(orderId, 'orders.OrderCancelled')).toBe(1);
  });

  it('records one payment event', async () => {
    const orderId = await placeOrder(`${prefix}-PAY`);
    await exactlyOnce((m) =>
      handle.commands.recordPayment(
        { kind: 'authorized', orderId, paymentId: `${orderId}-p`, amountMinor: 1_495, currency: 'EUR' },
        m,
      ),
    );
    expect(await eventsOf(orderId, 'payments.PaymentAuthorized')).toBe(1);
  });

  it('creates, dispatches, delivers and returns one shipment, each step once', async () => {
    const orderId = await paidOrder(`${prefix}-SHIP`);
    const created = await exactlyOnce((m) => handle.commands.createShipment(orderId, m));
    const { shipmentId } = created.result;
    expect(await eventsOf(orderId, 'shipments.ShipmentCreated')).toBe(1);
    await exactlyOnce((m) =>
      handle.commands.dispatchShipment(shipmentId, { carrier: 'DHL', trackingNumber: 'T-1' }, m),
    );
    expect(await eventsOf(orderId, 'shipments.ShipmentDispatched')).toBe(1);
    await exactlyOnce((m) => handle.commands.deliverShipment(shipmentId, m));
    expect(await eventsOf(orderId, 'shipments.ShipmentDelivered')).toBe(1);
    await exactlyOnce((m) => handle.commands.returnShipment(shipmentId, { reason: 'too small' }, m));
    expect(await eventsOf(orderId, 'shipments.ShipmentReturned')).toBe(1);
  });

  it('receives, adjusts and sets the threshold of stock once each', async () => {
    const sku = `${prefix}-STOCK`;
    const received = await exactlyOnce((m) => handle.commands.receiveStock(sku, { quantity: 5 }, m));
    expect(received.result.onHand).toBe(5);
    const adjusted = await exactlyOnce((m) =>
      handle.commands.adjustStock(sku, { delta: -2, reason: 'DAMAGED', note: null }, m),
    );
    expect(adjusted.result.onHand).toBe(3);
    await exactlyOnce((m) => handle.commands.setThreshold(sku, { threshold: 2 }, m));
    expect(await eventsOf(sku, 'inventory.StockReceived')).toBe(1);
    expect(await eventsOf(sku, 'inventory.StockAdjusted')).toBe(1);
    expect(await eventsOf(sku, 'inventory.LowStockThresholdSet')).toBe(1);
  });

  it('answers IDEMPOTENCY_KEY_IN_PROGRESS while the first request with the key is held up', async () => {
    const orderId = await placeOrder(`${prefix}-HELD`);
    const key = randomUUID();
    // Holding the order's row keeps the first request inside its transaction, with the key claimed.
    const holder = new Client({ connectionString: config.database.url });
    await holder.connect();
    try {
      const holderPid = (await holder.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      await holder.query('begin');
      await holder.query('select 1 from order_flow.orders where order_id = $1 for update', [orderId]);
      const first = handle.commands.cancelOrder(
        orderId,
        { by: 'CUSTOMER', reason: 'CUSTOMER_REQUEST' },
        meta(key),
      );
      await waitFor(
        async () =>
          (
            await db.query<{ n: number }>(
              'select count(*)::int as n from pg_stat_activity where $1 = any(pg_blocking_pids(pid))',
              [holderPid],
            )
          ).rows[0]!.n > 0,
        { what: 'the first request to wait on the order row' },
      );
      await expect(
        handle.commands.cancelOrder(orderId, { by: 'CUSTOMER', reason: 'CUSTOMER_REQUEST' }, meta(key)),
      ).rejects.toBeInstanceOf(IdempotencyInProgressError);
      await holder.query('commit');
      expect((await first).result.status).toBe('CANCELLED');
    } finally {
      await holder.end();
    }
    const retried = await handle.commands.cancelOrder(
      orderId,
      { by: 'CUSTOMER', reason: 'CUSTOMER_REQUEST' },
      meta(key),
    );
    expect(retried.replayed).toBe(true);
  }, 30_000);
});
