import type { INestApplication, Provider } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { loadConfig } from '@shopstream/config';
import type {
  CommandOutcome,
  EventPosition,
  OrderFlowCommandPort,
  RequestMeta,
  StockView,
} from '@shopstream/order-flow';
import { createHmac } from 'node:crypto';
import { AppModule } from '../../../apps/commerce-api/src/app.module';
import { CommerceApiConfig, loadCommerceApiConfig } from '../../../apps/commerce-api/src/commerce-api.config';
import { configureApp } from '../../../apps/commerce-api/src/http/configure-app';
import { ORDER_FLOW_COMMANDS } from '../../../apps/commerce-api/src/order-flow/order-flow.token';
import { ORDER_OWNERS } from '../../../apps/commerce-api/src/cancel-order/order-owners';
import { TestCredentials } from '../../support/credentials';

export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789abcdef';

export interface RecordedCall {
  readonly method: keyof OrderFlowCommandPort;
  readonly args: readonly unknown[];
  readonly meta: RequestMeta;
}

const position = (type: string, topic: string): EventPosition => ({
  eventId: '00000000-0000-4000-8000-000000000001',
  type,
  topic,
  partition: 2,
  offset: '41',
});

const outcome = <R>(result: R, events: EventPosition[]): CommandOutcome<R> => ({
  result,
  events,
  replayed: false,
});
const stock = (sku: string): StockView => ({ sku, onHand: 10, reserved: 2, available: 8, threshold: 3 });

/** Records every call; answers like the real port, or throws `failWith` when set. */
export class FakeOrderFlowCommands implements OrderFlowCommandPort {
  readonly calls: RecordedCall[] = [];
  failWith: Error | null = null;
  replayed = false;

  private async record<R>(
    method: keyof OrderFlowCommandPort,
    args: unknown[],
    meta: RequestMeta,
    answer: CommandOutcome<R>,
  ): Promise<CommandOutcome<R>> {
    this.calls.push({ method, args, meta });
    if (this.failWith) throw this.failWith;
    return { ...answer, replayed: this.replayed };
  }

  placeOrder: OrderFlowCommandPort['placeOrder'] = (input, meta) =>
    this.record(
      'placeOrder',
      [input],
      meta,
      outcome({ orderId: 'order-1', status: 'PENDING' as const }, [
        position('shopstream.orders.OrderPlaced', 'shopstream.orders'),
      ]),
    );
  cancelOrder: OrderFlowCommandPort['cancelOrder'] = (orderId, input, meta) =>
    this.record(
      'cancelOrder',
      [orderId, input],
      meta,
      outcome({ orderId, status: 'CANCELLED' }, [
        position('shopstream.orders.OrderCancelled', 'shopstream.orders'),
      ]),
    );
  recordPayment: OrderFlowCommandPort['recordPayment'] = (webhook, meta) =>
    this.record(
      'recordPayment',
      [webhook],
      meta,
      outcome({ paymentId: webhook.paymentId, status: 'CAPTURED' as const }, [
        position('shopstream.payments.PaymentAuthorized', 'shopstream.payments'),
      ]),
    );
  createShipment: OrderFlowCommandPort['createShipment'] = (orderId, meta) =>
    this.record(
      'createShipment',
      [orderId],
      meta,
      outcome({ shipmentId: 'shipment-1', orderId }, [
        position('shopstream.shipments.ShipmentCreated', 'shopstream.shipments'),
      ]),
    );
  dispatchShipment: OrderFlowCommandPort['dispatchShipment'] = (shipmentId, input, meta) =>
    this.record(
      'dispatchShipment',
      [shipmentId, input],
      meta,
      outcome({ shipmentId, status: 'DISPATCHED' as const }, []),
    );
  deliverShipment: OrderFlowCommandPort['deliverShipment'] = (shipmentId, meta) =>
    this.record(
      'deliverShipment',
      [shipmentId],
      meta,
      outcome({ shipmentId, status: 'DELIVERED' as const }, []),
    );
  returnShipment: OrderFlowCommandPort['returnShipment'] = (shipmentId, input, meta) =>
    this.record(
      'returnShipment',
      [shipmentId, input],
      meta,
      outcome({ shipmentId, status: 'RETURNED' as const }, []),
    );
  receiveStock: OrderFlowCommandPort['receiveStock'] = (sku, input, meta) =>
    this.record('receiveStock', [sku, input], meta, outcome(stock(sku), []));
  adjustStock: OrderFlowCommandPort['adjustStock'] = (sku, input, meta) =>
    this.record('adjustStock', [sku, input], meta, outcome(stock(sku), []));
  setThreshold: OrderFlowCommandPort['setThreshold'] = (sku, input, meta) =>
    this.record('setThreshold', [sku, input], meta, outcome(stock(sku), []));
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly text: string;
}

export interface RunningApi {
  readonly url: string;
  readonly app: INestApplication;
  readonly fake: FakeOrderFlowCommands;
  /** An admin key of this API's own, sent by `request` unless the headers carry an `authorization` ('' sends none). */
  readonly adminKey: string;
  readonly credentials: TestCredentials;
  /** Whose each order is, for the ownership checks of customer tokens; tests set entries. */
  readonly owners: Map<string, string>;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<CommerceApiConfig> = {}): CommerceApiConfig {
  const base = loadCommerceApiConfig(loadConfig(), {});
  return {
    ...base,
    port: 0,
    paymentWebhook: { ...base.paymentWebhook, secret: WEBHOOK_SECRET, isDevelopmentSecret: false },
    ...overrides,
  };
}

/** Boots the API in-process on a random port, with the fake order flow unless another provider is given. */
export async function startApi(
  options: {
    config?: CommerceApiConfig;
    orderFlow?: (fake: FakeOrderFlowCommands) => Provider;
    /** Values for providers the app defines, such as shorter read-wait settings. */
    overrides?: readonly { provide: symbol; useValue: unknown }[];
  } = {},
): Promise<RunningApi> {
  const fake = new FakeOrderFlowCommands();
  const config = options.config ?? testConfig();
  const credentials = new TestCredentials(config.platform);
  const adminKey = (await credentials.key(['admin'])).key;
  const owners = new Map<string, string>();
  const provider = options.orderFlow?.(fake) ?? { provide: ORDER_FLOW_COMMANDS, useValue: fake };
  const builder = Test.createTestingModule({
    imports: [AppModule.forRoot(config, provider)],
  });
  if (!options.orderFlow)
    builder
      .overrideProvider(ORDER_OWNERS)
      .useValue({ customerOf: (orderId: string) => Promise.resolve(owners.get(orderId) ?? null) });
  for (const o of options.overrides ?? []) builder.overrideProvider(o.provide).useValue(o.useValue);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    rawBody: true,
    bodyParser: false,
    logger: false,
  });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    app,
    fake,
    adminKey,
    credentials,
    owners,
    async request(method, path, body, headers = {}) {
      const raw = typeof body === 'string' || body === undefined ? body : JSON.stringify(body);
      const { authorization = `Bearer ${adminKey}`, ...rest } = headers;
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(raw === undefined ? {} : { 'content-type': 'application/json' }),
          ...(authorization === '' ? {} : { authorization }),
          ...rest,
        },
        ...(raw === undefined ? {} : { body: raw }),
      });
      const text = await response.text();
      let parsed: unknown = text;
      if ((response.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text) as unknown;
      return { status: response.status, headers: response.headers, body: parsed, text };
    },
    async close() {
      await app.close();
      await credentials.close();
    },
  };
}

/** The provider's signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export function sign(body: string, secret = WEBHOOK_SECRET, at = Math.floor(Date.now() / 1000)): string {
  return `t=${at},v1=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}`;
}

/** A valid POST /orders body; tests break one field at a time. */
export function validOrder(): Record<string, unknown> {
  return {
    customerId: 'customer-42',
    currency: 'EUR',
    lines: [
      { sku: 'SKU-0001', quantity: 2, unitPriceMinor: 1999 },
      { sku: 'SKU-0002', quantity: 1, unitPriceMinor: 0 },
    ],
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: '12 St James Square',
      city: 'London',
      postalCode: 'SW1Y 4JH',
      country: 'GB',
    },
    channel: 'WEB',
  };
}
