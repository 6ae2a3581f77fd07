import { withSecurity } from '@shopstream/http';
import { queryApiAccess } from '../access/route-access';
import * as q from '@shopstream/queries';
import { z } from 'zod';
import { MIN_POSITION_HEADER } from '../read-your-writes/read-position';

type JsonObject = Record<string, unknown>;

const errorBody = z.object({
  error: z.string().describe('A stable code: VALIDATION_FAILED, ORDER_NOT_FOUND, READ_MODEL_BEHIND, ...'),
  message: z.string().describe('What went wrong and what to do.'),
  fields: z
    .array(z.object({ field: z.string(), message: z.string() }))
    .optional()
    .describe('400: every invalid parameter.'),
  behind: z
    .array(
      z.object({
        projection: z.string(),
        topic: z.string(),
        partition: z.number().int(),
        wantedOffset: z.string(),
        nextOffset: z.string().nullable(),
        eventsBehind: z.number().int(),
      }),
    )
    .optional()
    .describe('412: how far each read model is from the position asked for.'),
  waitedMs: z.number().int().optional(),
});

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate the parameters and type the answers,
 * so the document and the code can't drift apart.
 */
const SCHEMAS = {
  OrderDetails: q.orderDetails,
  OrderPage: q.page(q.orderListItem),
  CustomerOrderPage: q.page(q.customerOrder),
  StockLevel: q.stockLevel,
  StockLevelPage: q.page(q.stockLevel),
  StockMovementPage: q.page(q.stockMovement),
  ShipmentDetails: q.shipmentDetails,
  PaymentDetails: q.paymentDetails,
  SalesReport: q.salesReport,
  TopProducts: q.topProducts,
  FunnelReport: q.funnelReport,
  TopSearches: q.topSearches,
  Error: errorBody,
} satisfies Record<string, z.ZodType>;
type SchemaName = keyof typeof SCHEMAS;

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: SchemaName, description: string) => ({
  description,
  content: { 'application/json': { schema: ref(name) } },
});
const retryAfter = {
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
};

const positionParameters = [
  {
    name: MIN_POSITION_HEADER,
    in: 'header',
    required: false,
    description:
      "A command's consistency token (`consistencyToken.position` of its answer): the answer reflects every event " +
      'the command produced, or the request fails with 412. The older `<topic>:<partition>:<offset>` form is accepted.',
    schema: { type: 'string' },
  },
  {
    name: 'after',
    in: 'query',
    required: false,
    description: `The same as ${MIN_POSITION_HEADER}.`,
    schema: { type: 'string' },
  },
  {
    name: 'waitMs',
    in: 'query',
    required: false,
    description:
      'How long to wait for the read models to reach the position (default 2000, capped by the server); 0 answers ' +
      'at once: 412 READ_MODEL_BEHIND when they have not reached it yet.',
    schema: { type: 'integer', minimum: 0 },
  },
];
const ifNoneMatch = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  description: 'The ETag of an earlier answer: 304 without a body when nothing changed.',
  schema: { type: 'string' },
};

/** Query parameters from a zod schema (an object, or an intersection of objects). */
function queryParameters(schema: z.ZodType): JsonObject[] {
  const converted = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  const parts = (converted.allOf as JsonObject[] | undefined) ?? [converted];
  return parts.flatMap((part) => {
    const required = new Set((part.required as string[] | undefined) ?? []);
    return Object.entries((part.properties as Record<string, JsonObject> | undefined) ?? {}).map(
      ([name, s]) => {
        const { description, ...rest } = s;
        return {
          name,
          in: 'query',
          required: required.has(name),
          ...(description ? { description } : {}),
          schema: rest,
        };
      },
    );
  });
}

function query(options: {
  summary: string;
  tag: string;
  path?: string[];
  params?: z.ZodType;
  success: [SchemaName, string];
  notFound?: string;
}): JsonObject {
  return {
    get: {
      tags: [options.tag],
      summary: options.summary,
      parameters: [
        ...(options.path ?? []).map((name) => ({
          name,
          in: 'path',
          required: true,
          schema: { type: 'string', maxLength: 128 },
        })),
        ...(options.params ? queryParameters(options.params) : []),
        ...positionParameters,
        ifNoneMatch,
      ],
      responses: {
        200: {
          ...json(options.success[0], options.success[1]),
          headers: {
            ETag: { description: 'Weak validator of this answer.', schema: { type: 'string' } },
            'Read-Consistency': {
              description: '`caught-up` when a position was given and the answer reflects it.',
              schema: { type: 'string' },
            },
          },
        },
        304: { description: 'Not modified since the If-None-Match ETag.' },
        400: json('Error', 'VALIDATION_FAILED: `fields` names every invalid parameter.'),
        ...(options.notFound ? { 404: json('Error', options.notFound) } : {}),
        412: {
          ...json(
            'Error',
            'READ_MODEL_BEHIND: the read models had not applied the position within the wait; `behind` says by how much.',
          ),
          headers: retryAfter,
        },
        429: {
          ...json('Error', 'READ_WAIT_SATURATED: too many queries wait for a position; retry.'),
          headers: retryAfter,
        },
        503: {
          ...json(
            'Error',
            'DATABASE_UNAVAILABLE, or READ_MODEL_MISSING before the projector created the read models.',
          ),
          headers: retryAfter,
        },
      },
    },
  };
}

export function buildOpenApiDocument(publicStock: boolean): JsonObject {
  return withSecurity(buildDocument(), queryApiAccess(publicStock)) as JsonObject;
}

function buildDocument(): JsonObject {
  const components: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    // OpenAPI 3.1 schemas are JSON Schema 2020-12; the dialect is the document's, so `$schema` goes.
    const converted: JsonObject = { ...z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) };
    delete converted.$schema;
    components[name] = converted;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Shopstream query API',
      version: '1.0.0',
      description:
        'The read side: every read model the projector keeps, read-your-writes by position, money in minor units ' +
        'with its currency, times in ISO 8601 (UTC). Lists page with opaque cursors, newest first where time orders them.',
    },
    paths: {
      '/orders': query({
        summary: 'Placed orders, newest first, by status and placement time',
        tag: 'orders',
        params: q.listOrdersParams,
        success: ['OrderPage', 'A page of orders.'],
      }),
      '/orders/{orderId}': query({
        summary: 'An order with its lines and timeline',
        tag: 'orders',
        path: ['orderId'],
        success: ['OrderDetails', 'The order.'],
        notFound: 'ORDER_NOT_FOUND',
      }),
      '/customers/{customerId}/orders': query({
        summary: "A customer's orders, newest first",
        tag: 'customers',
        path: ['customerId'],
        params: q.customerOrdersParams,
        success: ['CustomerOrderPage', 'A page of orders (empty for an unknown customer).'],
      }),
      '/inventory': query({
        summary: 'Stock levels by sku; lowStock=true for those below their threshold',
        tag: 'inventory',
        params: q.listStockParams,
        success: ['StockLevelPage', 'A page of stock levels.'],
      }),
      '/inventory/{sku}': query({
        summary: "A sku's stock level and threshold",
        tag: 'inventory',
        path: ['sku'],
        success: ['StockLevel', 'The stock level.'],
        notFound: 'SKU_NOT_FOUND',
      }),
      '/inventory/{sku}/movements': query({
        summary: "A sku's stock movements, newest first",
        tag: 'inventory',
        path: ['sku'],
        params: q.stockMovementsParams,
        success: ['StockMovementPage', 'A page of movements.'],
      }),
      '/shipments/{shipmentId}': query({
        summary: 'A shipment',
        tag: 'shipments',
        path: ['shipmentId'],
        success: ['ShipmentDetails', 'The shipment.'],
        notFound: 'SHIPMENT_NOT_FOUND',
      }),
      '/payments/{paymentId}': query({
        summary: 'A payment',
        tag: 'payments',
        path: ['paymentId'],
        success: ['PaymentDetails', 'The payment.'],
        notFound: 'PAYMENT_NOT_FOUND',
      }),
      '/reports/sales': query({
        summary: 'Sales per day or hour and currency',
        tag: 'reports',
        params: q.salesReportParams,
        success: ['SalesReport', 'The periods with sales, oldest first.'],
      }),
      '/reports/top-products': query({
        summary: 'The skus that sold the most units',
        tag: 'reports',
        params: q.topProductsParams,
        success: ['TopProducts', 'Most units first.'],
      }),
      '/reports/funnel': query({
        summary: 'Views, cart adds, checkouts and orders per day',
        tag: 'reports',
        params: q.funnelReportParams,
        success: ['FunnelReport', 'The funnel per day and in total.'],
      }),
      '/reports/top-searches': query({
        summary: "A day's most frequent searches",
        tag: 'reports',
        params: q.topSearchesParams,
        success: ['TopSearches', 'Most searched first.'],
      }),
    },
    components: { schemas: components },
  };
}
