import { RunningApi, startApi, testConfig } from './commerce-api-harness';

interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
  components: {
    schemas: Record<string, { properties?: Record<string, { enum?: string[] }>; required?: string[] }>;
  };
}

describe('commerce-api docs, health and readiness', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('serves an OpenAPI document listing every endpoint with its body and responses', async () => {
    const answer = await api.request('GET', '/docs-json');
    expect(answer.status).toBe(200);
    const doc = answer.body as OpenApi;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/orders',
        '/orders/{orderId}',
        '/orders/{orderId}/cancel',
        '/payments/webhook',
        '/shipments',
        '/shipments/{shipmentId}/dispatch',
        '/shipments/{shipmentId}/deliver',
        '/shipments/{shipmentId}/return',
        '/inventory/{sku}/receive',
        '/inventory/{sku}/adjust',
        '/inventory/{sku}/threshold',
        '/behaviour/events',
        '/health',
        '/ready',
        '/metrics',
        '/stats',
      ].sort(),
    );
    expect(Object.keys(doc.paths['/orders']!.post!.responses)).toEqual(
      expect.arrayContaining(['202', '400', '409', '422', '500', '503']),
    );
    const order = doc.components.schemas.PlaceOrderRequest!;
    expect(order.required).toEqual(['customerId', 'currency', 'lines', 'shippingAddress']);
    expect(order.properties!.currency!.enum).toContain('EUR');
    expect(doc.components.schemas.BehaviourEventBatch).toBeDefined();
  });

  it('serves Swagger UI at /docs pointing at the document', async () => {
    const answer = await api.request('GET', '/docs');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/html');
    expect(answer.text).toContain('SwaggerUIBundle');
    expect(answer.text).toContain("url: '/docs-json'");
  });

  it('answers liveness and, with Kafka and the registry up, readiness', async () => {
    expect((await api.request('GET', '/health')).body).toEqual({ status: 'ok' });
    const ready = await api.request('GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      ready: true,
      checks: { kafka: { up: true }, registry: { up: true } },
    });
  });

  it('is not ready when Kafka and the registry are unreachable', async () => {
    const base = testConfig();
    const down = await startApi({
      config: {
        ...base,
        platform: {
          ...base.platform,
          kafka: { ...base.platform.kafka, brokers: ['127.0.0.1:1'] },
          registry: { ...base.platform.registry, url: 'http://127.0.0.1:1' },
        },
      },
    });
    try {
      const ready = await down.request('GET', '/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({
        ready: false,
        checks: { kafka: { up: false }, registry: { up: false } },
      });
    } finally {
      await down.close();
    }
  });

  it('answers 503 with Retry-After for behaviour events when Kafka is down, never a 200', async () => {
    const base = testConfig();
    const down = await startApi({
      config: {
        ...base,
        platform: { ...base.platform, kafka: { ...base.platform.kafka, brokers: ['127.0.0.1:1'] } },
      },
    });
    try {
      const behaviour = await down.request('POST', '/behaviour/events', [
        { type: 'ProductViewed', sessionId: 's', sku: 'x' },
      ]);
      expect(behaviour.status).toBe(503);
      expect(behaviour.headers.get('retry-after')).toBe('5');
      expect((behaviour.body as { error: string }).error).toBe('KAFKA_UNAVAILABLE');
    } finally {
      await down.close();
    }
  });
});
