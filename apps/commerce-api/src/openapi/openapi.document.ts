import { z } from 'zod';
import { collectBehaviourRequestSchema } from '../collect-behaviour/collect-behaviour.request';
import { adjustStockRequest } from '../adjust-stock/adjust-stock.request';
import { receiveStockRequest } from '../receive-stock/receive-stock.request';
import { setThresholdRequest } from '../set-threshold/set-threshold.request';
import { cancelOrderRequest } from '../cancel-order/cancel-order.request';
import { placeOrderRequest } from '../place-order/place-order.request';
import { paymentWebhookRequest } from '../payment-webhook/payment-webhook.request';
import { createShipmentRequest } from '../create-shipment/create-shipment.request';
import { dispatchShipmentRequest } from '../dispatch-shipment/dispatch-shipment.request';
import { returnShipmentRequest } from '../return-shipment/return-shipment.request';
import * as responses from './response-schemas';
import { withSecurity } from '@shopstream/http';
import { COMMERCE_API_ACCESS } from '../access/route-access';

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate the requests, so the document and
 * the validation can't drift apart.
 */
const SCHEMAS = {
  PlaceOrderRequest: placeOrderRequest,
  CancelOrderRequest: cancelOrderRequest,
  PaymentWebhookRequest: paymentWebhookRequest,
  CreateShipmentRequest: createShipmentRequest,
  DispatchShipmentRequest: dispatchShipmentRequest,
  ReturnShipmentRequest: returnShipmentRequest,
  ReceiveStockRequest: receiveStockRequest,
  AdjustStockRequest: adjustStockRequest,
  SetThresholdRequest: setThresholdRequest,
  BehaviourEventBatch: collectBehaviourRequestSchema,
  PlaceOrderResponse: responses.placeOrderResponse,
  OrderStepResponse: responses.orderStepResponse,
  PaymentWebhookResponse: responses.paymentWebhookResponse,
  CreateShipmentResponse: responses.createShipmentResponse,
  ShipmentStepResponse: responses.shipmentStepResponse,
  StockResponse: responses.stockResponse,
  CollectBehaviourResponse: responses.collectBehaviourResponse,
  ReadinessResponse: responses.readinessResponse,
  StatsResponse: responses.statsResponse,
  Error: responses.errorResponse,
} satisfies Record<string, z.ZodType>;

type SchemaName = keyof typeof SCHEMAS;
type JsonObject = Record<string, unknown>;

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: SchemaName, description: string) => ({
  description,
  content: { 'application/json': { schema: ref(name) } },
});

const error = (description: string) => json('Error', description);
const retryAfter = {
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
};
const unavailable = {
  ...error(
    'Kafka or the schema registry did not acknowledge the events (EVENTS_NOT_PUBLISHED, KAFKA_UNAVAILABLE, REGISTRY_UNAVAILABLE); retry with the same Idempotency-Key. EVENTS_NOT_PUBLISHED means the command is committed: a retry without a key runs it again.',
  ),
  headers: retryAfter,
};

const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe, and only a request with a key is: the same key with the same request returns the first answer; with another request, 422. Concurrent requests with one key run once: the others wait for the first and get its answer, or 409 IDEMPOTENCY_KEY_IN_PROGRESS after 5 s.',
  schema: { type: 'string', maxLength: 255 },
};
const correlationId = {
  name: 'X-Correlation-Id',
  in: 'header',
  required: false,
  description: 'Carried into every event of the flow and echoed back; a new UUID when absent.',
  schema: { type: 'string', maxLength: 128 },
};
const pathParam = (name: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string', maxLength: 128 },
});

function command(options: {
  summary: string;
  tag: string;
  body?: SchemaName;
  bodyRequired?: boolean;
  params?: string[];
  success: [number, SchemaName, string];
  errors?: Record<number, JsonObject>;
  extraHeaders?: JsonObject[];
}): JsonObject {
  const [status, schema, description] = options.success;
  return {
    tags: [options.tag],
    summary: options.summary,
    parameters: [
      ...(options.params ?? []).map(pathParam),
      idempotencyKey,
      correlationId,
      ...(options.extraHeaders ?? []),
    ],
    ...(options.body
      ? {
          requestBody: {
            required: options.bodyRequired ?? true,
            content: { 'application/json': { schema: ref(options.body) } },
          },
        }
      : {}),
    responses: {
      [status]: json(schema, description),
      400: error(
        'VALIDATION_FAILED: `fields` lists every invalid field. Free text refuses control characters other than ' +
          'tab and line breaks (NUL among them); a body nested more than 32 levels deep is refused as a whole.',
      ),
      409: {
        ...error(
          'IDEMPOTENCY_KEY_IN_PROGRESS (with Retry-After), or *_ILLEGAL_TRANSITION with currentStatus and allowed.',
        ),
        headers: retryAfter,
      },
      422: error(
        'IDEMPOTENCY_KEY_REUSED, or the command breaks a rule of the order or the stock (ORDER_INVALID, STOCK_*).',
      ),
      500: error('INTERNAL_ERROR: logged; report the X-Correlation-Id.'),
      503: unavailable,
      ...options.errors,
    },
  };
}

const notFound = (what: string) => ({ 404: error(`${what} does not exist.`) });

export function buildOpenApiDocument(): JsonObject {
  return withSecurity(buildDocument(), COMMERCE_API_ACCESS) as JsonObject;
}

function buildDocument(): JsonObject {
  const components: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    // OpenAPI 3.1 schemas are JSON Schema 2020-12; the dialect is the document's, so `$schema` goes.
    const converted: Record<string, unknown> = {
      ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
    };
    delete converted.$schema;
    components[name] = converted;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Shopstream commerce API',
      version: '1.0.0',
      description:
        'Commands of the shop. A 2xx means Kafka acknowledged the resulting events (acks=all); use the ' +
        'consistencyToken to wait for a read model. Errors are `{ error, message }` with a stable code.',
    },
    paths: {
      '/orders': {
        post: command({
          tag: 'orders',
          summary: 'Place an order',
          body: 'PlaceOrderRequest',
          success: [202, 'PlaceOrderResponse', 'Placed: OrderPlaced is in Kafka; stock and payment follow.'],
        }),
      },
      '/orders/{orderId}': {
        get: {
          tags: ['orders'],
          summary: 'An order as the read models show it (order_summary and order_lines)',
          parameters: [
            { name: 'orderId', in: 'path', required: true, schema: { type: 'string' } },
            {
              name: 'after',
              in: 'query',
              required: false,
              description:
                "<topic>:<partition>:<offset> of any command's consistency token (<partition>:<offset> alone is " +
                "an orders token): wait up to 5 s until the order's view reflects that event. A payment or " +
                "shipment token waits for the processor's reaction to reach the view; a stock token has nothing " +
                'to wait for. The Read-Consistency header of the answer says `caught-up` or `behind`.',
              schema: { type: 'string', pattern: '^(?:[a-z.]+:)?\\d{1,10}:\\d{1,19}$' },
            },
          ],
          responses: {
            200: {
              description: 'The order.',
              headers: {
                'Read-Consistency': {
                  description:
                    'With `after`: `caught-up` when the view reflects the token, `behind` when the wait ran out.',
                  schema: { type: 'string', enum: ['caught-up', 'behind'] },
                },
              },
            },
            400: {
              description:
                'VALIDATION_FAILED: `after` is not a consistency token (partition above int32, offset above ' +
                'int64, a topic no command writes), or the order id is not visible ASCII.',
            },
            404: { description: 'ORDER_NOT_FOUND: the read models do not know the order (yet).' },
            503: {
              description:
                'READ_WAIT_SATURATED: too many requests are waiting with `after`; retry after Retry-After seconds.',
              headers: retryAfter,
            },
          },
        },
      },
      '/orders/{orderId}/cancel': {
        post: command({
          tag: 'orders',
          summary: 'Cancel an order before dispatch',
          body: 'CancelOrderRequest',
          bodyRequired: false,
          params: ['orderId'],
          success: [202, 'OrderStepResponse', 'Cancelled.'],
          errors: notFound('ORDER_NOT_FOUND: the order'),
        }),
      },
      '/payments/webhook': {
        post: command({
          tag: 'payments',
          summary: 'Payment provider webhook (HMAC-signed)',
          body: 'PaymentWebhookRequest',
          success: [202, 'PaymentWebhookResponse', 'Recorded.'],
          errors: {
            401: error('SIGNATURE_INVALID: X-Signature missing, wrong, or outside the time tolerance.'),
            ...notFound('ORDER_NOT_FOUND: the order'),
          },
          extraHeaders: [
            {
              name: 'X-Signature',
              in: 'header',
              required: true,
              description:
                't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the shared webhook secret> ' +
                '(several v1 while the secret is rotated). A timestamp more than SHOPSTREAM_PAYMENT_WEBHOOK_TOLERANCE_S ' +
                "(300) from now is refused. The body's deliveryId is the idempotency key: an Idempotency-Key header " +
                'is ignored here, and a delivery id seen before gets the stored answer.',
              schema: { type: 'string', pattern: '^t=\\d+(,v1=[0-9a-fA-F]{64})+$' },
            },
          ],
        }),
      },
      '/shipments': {
        post: command({
          tag: 'shipments',
          summary: 'Create the shipment of a paid order',
          body: 'CreateShipmentRequest',
          success: [201, 'CreateShipmentResponse', 'Created.'],
          errors: notFound('ORDER_NOT_FOUND: the order'),
        }),
      },
      '/shipments/{shipmentId}/dispatch': {
        post: command({
          tag: 'shipments',
          summary: 'Hand a shipment to a carrier',
          body: 'DispatchShipmentRequest',
          params: ['shipmentId'],
          success: [202, 'ShipmentStepResponse', 'Dispatched.'],
          errors: notFound('SHIPMENT_NOT_FOUND: the shipment'),
        }),
      },
      '/shipments/{shipmentId}/deliver': {
        post: command({
          tag: 'shipments',
          summary: 'Record a delivery',
          params: ['shipmentId'],
          success: [202, 'ShipmentStepResponse', 'Delivered.'],
          errors: notFound('SHIPMENT_NOT_FOUND: the shipment'),
        }),
      },
      '/shipments/{shipmentId}/return': {
        post: command({
          tag: 'shipments',
          summary: 'Record a return',
          body: 'ReturnShipmentRequest',
          bodyRequired: false,
          params: ['shipmentId'],
          success: [202, 'ShipmentStepResponse', 'Returned.'],
          errors: notFound('SHIPMENT_NOT_FOUND: the shipment'),
        }),
      },
      '/inventory/{sku}/receive': {
        post: command({
          tag: 'inventory',
          summary: 'Receive units into stock',
          body: 'ReceiveStockRequest',
          params: ['sku'],
          success: [200, 'StockResponse', 'The stock level after the receipt.'],
        }),
      },
      '/inventory/{sku}/adjust': {
        post: command({
          tag: 'inventory',
          summary: 'Correct the count on hand',
          body: 'AdjustStockRequest',
          params: ['sku'],
          success: [200, 'StockResponse', 'The stock level after the adjustment.'],
        }),
      },
      '/inventory/{sku}/threshold': {
        put: command({
          tag: 'inventory',
          summary: 'Set the low-stock threshold',
          body: 'SetThresholdRequest',
          params: ['sku'],
          success: [200, 'StockResponse', 'The stock level with its new threshold.'],
        }),
      },
      '/behaviour/events': {
        post: {
          tags: ['behaviour'],
          summary: 'Collect up to 1,000 storefront behaviour events',
          parameters: [correlationId],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('BehaviourEventBatch') } },
          },
          responses: {
            200: json(
              'CollectBehaviourResponse',
              'Valid events are in Kafka; invalid ones are listed by index.',
            ),
            400: error('VALIDATION_FAILED: the body is not an array or holds more than 1,000 events.'),
            503: unavailable,
          },
        },
      },
      '/health': {
        get: {
          tags: ['operations'],
          summary: 'Liveness',
          responses: { 200: { description: 'The process answers.' } },
        },
      },
      '/ready': {
        get: {
          tags: ['operations'],
          summary: 'Readiness: Kafka and the registry answer',
          responses: {
            200: json('ReadinessResponse', 'Ready.'),
            503: json('ReadinessResponse', 'Not ready.'),
          },
        },
      },
      '/metrics': {
        get: {
          tags: ['operations'],
          summary: 'Prometheus metrics',
          responses: { 200: { description: 'Prometheus text format.', content: { 'text/plain': {} } } },
        },
      },
      '/stats': {
        get: {
          tags: ['operations'],
          summary: 'Behaviour producer batching: requests vs produce calls',
          responses: { 200: json('StatsResponse', 'Counters since start.') },
        },
      },
    },
    components: { schemas: components },
  };
}
