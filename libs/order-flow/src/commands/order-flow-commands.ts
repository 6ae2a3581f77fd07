import { inTransaction, SqlExecutor } from '@shopstream/database';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  EventCodec,
  InventoryEvent,
  newEventId,
  PaymentsEvent,
  ShipmentsEvent,
  ShopstreamEvent,
} from '@shopstream/events';
import * as inventory from '@shopstream/inventory';
import * as orders from '@shopstream/orders';
import {
  EventsNotPublishedError,
  IdempotencyConflictError,
  IdempotencyInProgressError,
  ShipmentNotFoundError,
} from '../order-flow.errors';
import { enqueueEvents } from '../outbox/outbox';
import { PublicationWaiter } from '../outbox/publication-waiter';
import { nextShipmentStatus } from '../shipments/shipment-rules';
import { OrderFlowStore, PaymentStore } from '../state/order-flow-store';
import { decideCapture, PaymentStatus } from './record-payment/record-capture';
import { shippingFor } from './shipping';
import {
  CommandOutcome,
  EventPosition,
  OrderFlowCommandPort,
  PaymentWebhook,
  PlaceOrderInput,
  RequestMeta,
  StockView,
} from './commands.port';

interface Decision<R> {
  readonly result: R;
  readonly events: readonly ShopstreamEvent[];
}

interface Stored<R> {
  readonly result: R;
  readonly ids: readonly string[];
  readonly replayed: boolean;
}

/** Thrown inside a transaction when a concurrent request with the same Idempotency-Key committed first. */
class LostIdempotencyRace extends Error {}

export const PRODUCER = 'commerce-api';

/** How long a request waits for the first one with its Idempotency-Key to commit before answering "in progress". */
const IDEMPOTENCY_WAIT_MS = 5_000;
const LOCK_NOT_AVAILABLE = '55P03';
const KEY_LOCK = 'hashtextextended($1::text, 0)';

/**
 * The shop's commands. Each runs in one transaction: idempotency check, row locks, a decision by the pure domain
 * libs, new state, events into the outbox, the idempotency record. Only after the commit does it wait for the relay
 * to publish the events, so the answer is given for events Kafka has acknowledged and never for a rolled-back one.
 */
export class OrderFlowCommands implements OrderFlowCommandPort {
  constructor(
    private readonly dataSource: DataSource,
    private readonly codec: EventCodec<ShopstreamEvent>,
    private readonly waiter: PublicationWaiter,
    private readonly publishTimeoutMs: number,
  ) {}

  placeOrder(input: PlaceOrderInput, meta: RequestMeta) {
    return this.execute(meta, async (_sql, store, ctx) => {
      const orderId = randomUUID();
      const subtotal = input.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
      const events = orders.decide(
        null,
        {
          type: 'PlaceOrder',
          orderId,
          customerId: input.customerId,
          currency: input.currency,
          lines: input.lines,
          shippingAddress: input.shippingAddress,
          channel: input.channel ?? 'WEB',
          shippingMinor: shippingFor(subtotal),
          taxMinor: 0,
        },
        ctx,
      );
      await store.saveOrders([orders.evolveAll(events as orders.OrderEvent[])!]);
      return { result: { orderId, status: 'PENDING' as const }, events };
    });
  }

  cancelOrder(
    orderId: string,
    input: { by: orders.CancelOrder['by']; reason: orders.CancelOrder['reason'] },
    meta: RequestMeta,
  ) {
    return this.execute(meta, async (_sql, store, ctx) => {
      const state = (await store.lockOrders([orderId])).get(orderId) ?? null;
      const events = orders.decide(
        state,
        { type: 'CancelOrder', orderId, by: input.by, reason: input.reason },
        ctx,
      );
      const next = orders.evolveAll(events as orders.OrderEvent[], state)!;
      await store.saveOrders([next]);
      return { result: { orderId, status: next.status }, events };
    });
  }

  recordPayment(webhook: PaymentWebhook, meta: RequestMeta) {
    return this.execute(meta, async (sql, store, ctx) => {
      const state = (await store.lockOrders([webhook.orderId])).get(webhook.orderId) ?? null;
      if (!state) throw new orders.OrderNotFoundError(webhook.orderId, `payment ${webhook.kind}`);
      if (webhook.kind === 'failed') orders.assertCommandAllowed(state, 'RecordPaymentFailed');
      const payments = new PaymentStore(sql);
      const row = await payments.lock(webhook.paymentId);
      const version = row?.version ?? 0;
      const nextMetadata = orders.metadataSequence(ctx, webhook.paymentId, version);
      let events: readonly ShopstreamEvent[];
      let status: PaymentStatus;
      if (webhook.kind === 'captured') {
        const decided = decideCapture(state, webhook, nextMetadata, ctx);
        if (decided.order) await store.saveOrders([decided.order]);
        events = decided.events;
        status = decided.paymentStatus ?? (row?.status as PaymentStatus | undefined) ?? 'CAPTURED';
      } else {
        const base = {
          metadata: nextMetadata(),
          orderId: webhook.orderId,
          paymentId: webhook.paymentId,
          amountMinor: webhook.amountMinor,
          currency: webhook.currency,
        };
        const event: PaymentsEvent =
          webhook.kind === 'failed'
            ? {
                type: 'shopstream.payments.PaymentFailed',
                ...base,
                failureCode: webhook.failureCode,
                message: webhook.message,
              }
            : webhook.kind === 'authorized'
              ? { type: 'shopstream.payments.PaymentAuthorized', ...base }
              : { type: 'shopstream.payments.PaymentRefunded', ...base };
        events = [event];
        status =
          webhook.kind === 'failed' ? 'FAILED' : webhook.kind === 'authorized' ? 'AUTHORIZED' : 'REFUNDED';
      }
      const paymentEvents = events.filter((e) => e.type.startsWith('shopstream.payments.')).length;
      if (paymentEvents > 0)
        await payments.save({
          paymentId: webhook.paymentId,
          orderId: webhook.orderId,
          status,
          version: version + paymentEvents,
        });
      return { result: { paymentId: webhook.paymentId, status }, events };
    });
  }

  createShipment(orderId: string, meta: RequestMeta) {
    return this.execute(meta, async (_sql, store, ctx) => {
      const state = (await store.lockOrders([orderId])).get(orderId) ?? null;
      if (!state) throw new orders.OrderNotFoundError(orderId, 'CreateShipment');
      orders.assertCommandAllowed(state, 'ShipOrder');
      const shipmentId = randomUUID();
      const event: ShipmentsEvent = {
        type: 'shopstream.shipments.ShipmentCreated',
        metadata: orders.metadataSequence(ctx, shipmentId, 0)(),
        orderId,
        shipmentId,
        address: state.shippingAddress,
      };
      await store.saveShipment({ shipmentId, orderId, status: 'CREATED', version: 1 });
      return { result: { shipmentId, orderId }, events: [event] };
    });
  }

  dispatchShipment(
    shipmentId: string,
    input: { carrier: string; trackingNumber: string },
    meta: RequestMeta,
  ) {
    return this.shipmentStep(shipmentId, 'dispatch', meta, (base) => ({
      type: 'shopstream.shipments.ShipmentDispatched',
      ...base,
      carrier: input.carrier,
      trackingNumber: input.trackingNumber,
    })).then((o) => ({ ...o, result: { shipmentId, status: 'DISPATCHED' as const } }));
  }

  deliverShipment(shipmentId: string, meta: RequestMeta) {
    return this.shipmentStep(shipmentId, 'deliver', meta, (base) => ({
      type: 'shopstream.shipments.ShipmentDelivered',
      ...base,
    })).then((o) => ({
      ...o,
      result: { shipmentId, status: 'DELIVERED' as const },
    }));
  }

  returnShipment(shipmentId: string, input: { reason: string | null }, meta: RequestMeta) {
    return this.shipmentStep(shipmentId, 'return', meta, (base) => ({
      type: 'shopstream.shipments.ShipmentReturned',
      ...base,
      reason: input.reason,
    })).then((o) => ({ ...o, result: { shipmentId, status: 'RETURNED' as const } }));
  }

  receiveStock(sku: string, input: { quantity: number }, meta: RequestMeta) {
    return this.stockCommand(sku, meta, (level, ctx) =>
      inventory.receiveStock(level, { sku, quantity: input.quantity }, ctx),
    );
  }

  adjustStock(
    sku: string,
    input: { delta: number; reason: inventory.AdjustStock['reason']; note: string | null },
    meta: RequestMeta,
  ) {
    return this.stockCommand(sku, meta, (level, ctx) =>
      inventory.adjustStock(level, { sku, delta: input.delta, reason: input.reason, note: input.note }, ctx),
    );
  }

  setThreshold(sku: string, input: { threshold: number }, meta: RequestMeta) {
    return this.stockCommand(sku, meta, (level, ctx) =>
      inventory.setLowStockThreshold(level, { sku, threshold: input.threshold }, ctx),
    );
  }

  private stockCommand(
    sku: string,
    meta: RequestMeta,
    decide: (level: inventory.StockLevel, ctx: inventory.EventContext) => InventoryEvent[],
  ): Promise<CommandOutcome<StockView>> {
    return this.execute(meta, async (_sql, store, ctx) => {
      const level = (await store.lockStock([sku])).get(sku)!;
      const events = decide(level, ctx);
      const next = inventory.evolveAll(events, level);
      await store.saveStock([next]);
      const result: StockView = {
        sku,
        onHand: next.onHand,
        reserved: next.reserved,
        available: inventory.availableOf(next),
        threshold: next.threshold,
      };
      return { result, events };
    });
  }

  private async shipmentStep(
    shipmentId: string,
    step: 'dispatch' | 'deliver' | 'return',
    meta: RequestMeta,
    build: (base: {
      metadata: ShipmentsEvent['metadata'];
      orderId: string;
      shipmentId: string;
    }) => ShipmentsEvent,
  ): Promise<CommandOutcome<{ shipmentId: string }>> {
    return this.execute(meta, async (_sql, store, ctx) => {
      const row = await store.lockShipment(shipmentId);
      if (!row) throw new ShipmentNotFoundError(shipmentId);
      const status = nextShipmentStatus(shipmentId, row.status, step);
      const event = build({
        metadata: orders.metadataSequence(ctx, shipmentId, row.version)(),
        orderId: row.orderId,
        shipmentId,
      });
      await store.saveShipment({ ...row, status, version: row.version + 1 });
      return { result: { shipmentId }, events: [event] };
    });
  }

  private async execute<R>(
    meta: RequestMeta,
    work: (sql: SqlExecutor, store: OrderFlowStore, ctx: orders.EventContext) => Promise<Decision<R>>,
  ): Promise<CommandOutcome<R>> {
    let stored: Stored<R>;
    try {
      stored = await inTransaction(this.dataSource, (sql) => this.decideAndStore(sql, meta, work));
    } catch (error) {
      if (!(error instanceof LostIdempotencyRace)) throw error;
      stored = await inTransaction(this.dataSource, (sql) => this.decideAndStore(sql, meta, work));
    }
    let events: readonly EventPosition[];
    try {
      events = await this.waiter.waitFor(stored.ids, this.publishTimeoutMs);
    } catch (error) {
      if (error instanceof EventsNotPublishedError && !meta.idempotencyKey)
        throw new EventsNotPublishedError(error.waitedMs, false);
      throw error;
    }
    return { result: stored.result, events, replayed: stored.replayed };
  }

  private async decideAndStore<R>(
    sql: SqlExecutor,
    meta: RequestMeta,
    work: (sql: SqlExecutor, store: OrderFlowStore, ctx: orders.EventContext) => Promise<Decision<R>>,
  ): Promise<Stored<R>> {
    if (meta.idempotencyKey) {
      await claimKey(sql, meta.idempotencyKey);
      const [previous] = await sql.query<{ request_hash: string; result: R; outbox_ids: string[] }>(
        'select request_hash, result, outbox_ids from order_flow.idempotency_keys where key = $1',
        [meta.idempotencyKey],
      );
      if (previous) {
        if (previous.request_hash !== meta.requestHash)
          throw new IdempotencyConflictError(meta.idempotencyKey);
        return { result: previous.result, ids: previous.outbox_ids.map(String), replayed: true };
      }
    }
    const ctx: orders.EventContext = {
      now: Date.now(),
      newEventId,
      correlationId: meta.correlationId,
      causationId: null,
      producer: PRODUCER,
    };
    const { result, events } = await work(sql, new OrderFlowStore(sql), ctx);
    const ids = await enqueueEvents(sql, this.codec, events);
    if (meta.idempotencyKey) {
      const inserted = await sql.query(
        `insert into order_flow.idempotency_keys (key, request_hash, result, outbox_ids) values ($1, $2, $3, $4)
         on conflict (key) do nothing returning key`,
        [meta.idempotencyKey, meta.requestHash, JSON.stringify(result), ids],
      );
      if (inserted.length === 0) throw new LostIdempotencyRace();
    }
    return { result, ids, replayed: false };
  }
}

/**
 * Takes the key's lock for the rest of the transaction, before the key is read: requests with one key run one at a
 * time, so a copy reads the answer the first one committed instead of deciding again against the state it left.
 * A copy waits for the first to commit, at most IDEMPOTENCY_WAIT_MS, then answers "in progress, retry".
 */
async function claimKey(sql: SqlExecutor, key: string): Promise<void> {
  const [free] = await sql.query<{ taken: boolean }>(
    `select pg_try_advisory_xact_lock(${KEY_LOCK}) as taken`,
    [key],
  );
  if (free?.taken) return;
  const [setting] = await sql.query<{ previous: string }>(
    "select current_setting('lock_timeout') as previous, set_config('lock_timeout', $1, true)",
    [`${IDEMPOTENCY_WAIT_MS}ms`],
  );
  try {
    await sql.query(`select pg_advisory_xact_lock(${KEY_LOCK})`, [key]);
  } catch (error) {
    if ((error as { code?: unknown }).code === LOCK_NOT_AVAILABLE) throw new IdempotencyInProgressError(key);
    throw error;
  }
  await sql.query("select set_config('lock_timeout', $1, true)", [setting?.previous ?? '0']);
}
