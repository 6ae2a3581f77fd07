import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource } from '@shopstream/database';
import { createEventCodec } from '@shopstream/events';
import {
  createOrderFlowCommands,
  expireUnpaidOrders,
  OrderFlowCommandsHandle,
  PaymentWebhook,
  RequestMeta,
} from '@shopstream/order-flow';
import { PaymentMismatchError } from '@shopstream/orders';
import { Processor } from '../../apps/processor/src/processor';
import { platformConfig } from '../support/platform';
import { uniqueName, waitFor } from '../support/wait-for';

const config = platformConfig();
const TOTAL = 1_000 + 495;
const meta = (): RequestMeta => ({
  idempotencyKey: randomUUID(),
  requestHash: 'h',
  correlationId: randomUUID(),
});

describe('payments: a capture answered 2xx is never lost, whatever it races', () => {
  let handle: OrderFlowCommandsHandle;
  let processor: Processor;
  let dataSource: DataSource;
  const codec = createEventCodec(config.registry.url);
  const db = new Client({ connectionString: config.database.url });
  const prefix = uniqueName('capture');

  beforeAll(async () => {
    await db.connect();
    dataSource = createDataSource(config.database.url, { poolSize: 2 });
    await dataSource.initialize();
    handle = await createOrderFlowCommands(config);
    processor = await Processor.start({
      ...config,
      ports: { ...config.ports, processorMetrics: 19_600 + Math.floor(Math.random() * 300) },
    });
  });

  afterAll(async () => {
    await processor.stop();
    await handle.close();
    await dataSource.destroy();
    await db.end();
  });

  const rowOf = async (orderId: string) =>
    (
      await db.query<{ status: string; state: { refundDue: boolean; paidMinor: number } }>(
        'select status, state from order_flow.orders where order_id = $1',
        [orderId],
      )
    ).rows[0];
  const reach = (orderId: string, status: string) =>
    waitFor(async () => (await rowOf(orderId))?.status === status, {
      timeoutMs: 60_000,
      what: `order ${orderId} to be ${status}`,
    });
  const paymentEvents = async (orderId: string) =>
    (
      await db.query<{ event_type: string }>(
        "select event_type from order_flow.outbox where key = $1 and topic = 'shopstream.payments' order by id",
        [orderId],
      )
    ).rows.map((r) => r.event_type.split('.').pop());

  async function confirmedOrder(name: string): Promise<string> {
    const sku = `${prefix}-${name}`;
    await handle.commands.receiveStock(sku, { quantity: 5 }, meta());
    const placed = await handle.commands.placeOrder(
      {
        customerId: `${prefix}-c`,
        currency: 'EUR',
        lines: [{ sku, quantity: 1, unitPriceMinor: 1_000 }],
        shippingAddress: {
          name: 'Ada',
          line1: 'Main St 1',
          line2: null,
          city: 'Berlin',
          postalCode: '10115',
          country: 'DE',
        },
      },
      meta(),
    );
    await reach(placed.result.orderId, 'CONFIRMED');
    return placed.result.orderId;
  }

  const capture = (orderId: string, changes: Partial<PaymentWebhook> = {}) =>
    handle.commands.recordPayment(
      {
        kind: 'captured',
        orderId,
        paymentId: `${orderId}-p`,
        amountMinor: TOTAL,
        currency: 'EUR',
        ...changes,
      } as PaymentWebhook,
      meta(),
    );

  /**
   * Every order-flow processor stands still while `work` runs (its transactions wait to record their event ids), so
   * the command and the sweep meet the order exactly as a lagging processor leaves it.
   */
  async function withProcessorStopped<T>(work: () => Promise<T>): Promise<T> {
    const holder = new Client({ connectionString: config.database.url });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('lock table order_flow.applied_events in exclusive mode');
      return await work();
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
  }

  /** The timeout sweep, run now for this order alone: it is made the oldest unpaid order by far. */
  async function sweep(orderId: string): Promise<void> {
    await db.query(
      "update order_flow.orders set status_changed_at = '1970-01-01' where order_id = $1 and status = 'CONFIRMED'",
      [orderId],
    );
    await expireUnpaidOrders(dataSource, codec, config.orderFlow.paymentTimeoutMs, 1);
  }

  it('keeps a captured order from the timeout sweep while the processor lags', async () => {
    const orderId = await confirmedOrder('SWEEP-AFTER');
    await withProcessorStopped(async () => {
      await capture(orderId);
      await sweep(orderId);
      expect(await rowOf(orderId)).toMatchObject({ status: 'PAID', state: { paidMinor: TOTAL } });
    });
    expect(await paymentEvents(orderId)).toEqual(['PaymentCaptured']);
  });

  it('accepts a capture that arrives after the timeout sweep and refunds it', async () => {
    const orderId = await confirmedOrder('SWEEP-BEFORE');
    await withProcessorStopped(async () => {
      await sweep(orderId);
      expect((await rowOf(orderId))?.status).toBe('CANCELLED');
      const late = await capture(orderId);
      expect(late.result).toEqual({ paymentId: `${orderId}-p`, status: 'REFUNDED' });
    });
    expect(await paymentEvents(orderId)).toEqual(['PaymentCaptured', 'PaymentRefunded']);
  });

  it('makes a cancellation after a capture owe a refund, and the order ends refunded', async () => {
    const orderId = await confirmedOrder('CANCEL-AFTER');
    await withProcessorStopped(async () => {
      await capture(orderId);
      await handle.commands.cancelOrder(orderId, { by: 'CUSTOMER', reason: 'CUSTOMER_REQUEST' }, meta());
      expect(await rowOf(orderId)).toMatchObject({ status: 'CANCELLED', state: { refundDue: true } });
    });
    await reach(orderId, 'REFUNDED');
  });

  it('accepts a late capture on a cancelled order and ends with the payment refunded', async () => {
    const orderId = await confirmedOrder('CANCEL-BEFORE');
    await withProcessorStopped(async () => {
      await handle.commands.cancelOrder(orderId, { by: 'CUSTOMER', reason: 'CUSTOMER_REQUEST' }, meta());
      const late = await capture(orderId);
      expect(late.result.status).toBe('REFUNDED');
    });
    expect(await paymentEvents(orderId)).toEqual(['PaymentCaptured', 'PaymentRefunded']);
    const payment = await db.query<{ status: string }>(
      'select status from order_flow.payments where payment_id = $1',
      [`${orderId}-p`],
    );
    expect(payment.rows[0]?.status).toBe('REFUNDED');
  });

  it.each([
    ['a short amount', 'AMOUNT', { amountMinor: TOTAL - 1 }],
    ['another currency', 'CURRENCY', { currency: 'USD' }],
  ])('refuses a capture of %s before any 2xx, and records nothing', async (_, name, changes) => {
    const orderId = await confirmedOrder(`MISMATCH-${name}`);
    await expect(capture(orderId, changes)).rejects.toBeInstanceOf(PaymentMismatchError);
    expect(await paymentEvents(orderId)).toEqual([]);
    expect((await rowOf(orderId))?.status).toBe('CONFIRMED');
  });
});
