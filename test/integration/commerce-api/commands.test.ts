import { encodeConsistencyToken } from '@shopstream/queries';
import { KafkaUnavailableError } from '@shopstream/kafka';
import { RegistryUnavailableError } from '@shopstream/events';
import { IllegalOrderTransitionError, InvalidOrderError, OrderNotFoundError } from '@shopstream/orders';
import { StockInvariantError } from '@shopstream/inventory';
import {
  EventsNotPublishedError,
  IdempotencyConflictError,
  IdempotencyInProgressError,
  IllegalShipmentTransitionError,
  ShipmentNotFoundError,
} from '@shopstream/order-flow';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../apps/commerce-api/src/idempotency/request-hash';
import { RunningApi, startApi, validOrder } from './commerce-api-harness';

describe('commerce-api commands', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api.close();
  });
  beforeEach(() => {
    api.fake.calls.length = 0;
    api.fake.failWith = null;
    api.fake.replayed = false;
  });

  describe('idempotency and correlation', () => {
    it('passes the Idempotency-Key, a hash of method + path + canonical body, and the correlation id', async () => {
      const body = validOrder();
      const answer = await api.request('POST', '/orders', body, {
        'Idempotency-Key': 'key-123',
        'X-Correlation-Id': 'corr-abc',
      });
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({
        orderId: 'order-1',
        status: 'PENDING',
        consistencyToken: {
          position: encodeConsistencyToken([{ topic: 'shopstream.orders', partition: 2, offset: 41n }]),
          topic: 'shopstream.orders',
          partition: 2,
          offset: '41',
        },
      });
      expect(answer.headers.get('x-correlation-id')).toBe('corr-abc');
      const { meta } = api.fake.calls[0]!;
      expect(meta.idempotencyKey).toBe('key-123');
      expect(meta.correlationId).toBe('corr-abc');
      expect(meta.requestHash).toBe(
        createHash('sha256')
          .update(`POST /orders\n${canonicalJson(body)}`)
          .digest('hex'),
      );
    });

    it('hashes the same body the same whatever its key order, and another body or path differently', async () => {
      const body = validOrder();
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const key = { 'Idempotency-Key': 'key-hash' };
      await api.request('POST', '/orders', body, key);
      await api.request('POST', '/orders', JSON.stringify(reordered, null, 2), key);
      await api.request('POST', '/orders', { ...body, customerId: 'someone-else' }, key);
      await api.request('POST', '/orders/o-1/cancel', {}, key);
      await api.request('POST', '/orders/o-2/cancel', {}, key);
      const hashes = api.fake.calls.map((c) => c.meta.requestHash);
      expect(hashes[0]).toBe(hashes[1]);
      expect(new Set(hashes).size).toBe(4);
    });

    it('passes null without an Idempotency-Key and makes up a correlation id', async () => {
      const answer = await api.request('POST', '/orders', validOrder());
      const { meta } = api.fake.calls[0]!;
      expect(meta.idempotencyKey).toBeNull();
      expect(meta.correlationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.headers.get('x-correlation-id')).toBe(meta.correlationId);
    });

    it('refuses an Idempotency-Key with spaces or over 255 characters', async () => {
      for (const key of ['has space', 'k'.repeat(256)]) {
        const answer = await api.request('POST', '/orders', validOrder(), { 'Idempotency-Key': key });
        expect(answer.status).toBe(400);
        expect((answer.body as { fields: unknown }).fields).toEqual([
          { field: 'Idempotency-Key', message: expect.stringContaining('visible ASCII') },
        ]);
      }
      expect(api.fake.calls).toHaveLength(0);
    });

    it('marks a replayed answer', async () => {
      api.fake.replayed = true;
      const answer = await api.request('POST', '/orders', validOrder(), { 'Idempotency-Key': 'again' });
      expect(answer.status).toBe(202);
      expect(answer.headers.get('idempotent-replayed')).toBe('true');
    });
  });

  describe('every command reaches the port with its parsed input', () => {
    it('cancels with the defaults when the body is empty, and with what was sent otherwise', async () => {
      expect((await api.request('POST', '/orders/o-1/cancel')).status).toBe(202);
      const sent = await api.request('POST', '/orders/o-2/cancel', {
        reason: 'FRAUD_SUSPECTED',
        by: 'MERCHANT',
      });
      expect(sent.status).toBe(202);
      expect(sent.body).toMatchObject({ orderId: 'o-2', status: 'CANCELLED' });
      expect(api.fake.calls.map((c) => [c.method, ...c.args])).toEqual([
        ['cancelOrder', 'o-1', { by: 'CUSTOMER', reason: 'CUSTOMER_REQUEST' }],
        ['cancelOrder', 'o-2', { by: 'MERCHANT', reason: 'FRAUD_SUSPECTED' }],
      ]);
    });

    it('runs the shipment steps', async () => {
      const created = await api.request('POST', '/shipments', { orderId: 'o-1' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ shipmentId: 'shipment-1', orderId: 'o-1', status: 'CREATED' });
      expect(
        (await api.request('POST', '/shipments/s-1/dispatch', { carrier: 'DHL', trackingNumber: ' 123 ' }))
          .status,
      ).toBe(202);
      expect((await api.request('POST', '/shipments/s-1/deliver')).status).toBe(202);
      expect((await api.request('POST', '/shipments/s-1/return', {})).status).toBe(202);
      expect(api.fake.calls.map((c) => [c.method, ...c.args])).toEqual([
        ['createShipment', 'o-1'],
        ['dispatchShipment', 's-1', { carrier: 'DHL', trackingNumber: '123' }],
        ['deliverShipment', 's-1'],
        ['returnShipment', 's-1', { reason: null }],
      ]);
    });

    it('runs the stock commands and answers 200 with the stock view', async () => {
      const received = await api.request('POST', '/inventory/SKU-1/receive', { quantity: 5 });
      expect(received.status).toBe(200);
      expect(received.body).toEqual({
        sku: 'SKU-1',
        onHand: 10,
        reserved: 2,
        available: 8,
        threshold: 3,
        consistencyToken: null,
      });
      expect(
        (await api.request('POST', '/inventory/SKU-1/adjust', { delta: -2, reason: 'DAMAGED' })).status,
      ).toBe(200);
      expect((await api.request('PUT', '/inventory/SKU-1/threshold', { threshold: 4 })).status).toBe(200);
      expect(api.fake.calls.map((c) => [c.method, ...c.args])).toEqual([
        ['receiveStock', 'SKU-1', { quantity: 5 }],
        ['adjustStock', 'SKU-1', { delta: -2, reason: 'DAMAGED', note: null }],
        ['setThreshold', 'SKU-1', { threshold: 4 }],
      ]);
    });

    it('validates the stock and shipment bodies too', async () => {
      const adjust = await api.request('POST', '/inventory/SKU-1/adjust', { delta: 0, reason: 'BROKEN' });
      expect(adjust.status).toBe(400);
      expect((adjust.body as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual([
        'delta',
        'reason',
      ]);
      const dispatch = await api.request('POST', '/shipments/s-1/dispatch', { carrier: '' });
      expect((dispatch.body as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual([
        'carrier',
        'trackingNumber',
      ]);
      const threshold = await api.request('PUT', '/inventory/SKU-1/threshold', { threshold: -1 });
      expect(threshold.status).toBe(400);
      expect(api.fake.calls).toHaveLength(0);
    });
  });

  describe('error mapping', () => {
    const fail = async (error: Error, method = 'POST', path = '/orders/o-1/cancel', body: unknown = {}) => {
      api.fake.failWith = error;
      return api.request(method, path, body);
    };

    it('404 for an unknown order or shipment', async () => {
      const order = await fail(new OrderNotFoundError('o-1', 'CancelOrder'));
      expect(order.status).toBe(404);
      expect(order.body).toEqual({ error: 'ORDER_NOT_FOUND', message: expect.stringContaining('o-1') });
      const shipment = await fail(
        new ShipmentNotFoundError('s-1'),
        'POST',
        '/shipments/s-1/deliver',
        undefined,
      );
      expect(shipment.status).toBe(404);
      expect((shipment.body as { error: string }).error).toBe('SHIPMENT_NOT_FOUND');
    });

    it('409 with the current status and what it allows for an illegal transition', async () => {
      const order = await fail(
        new IllegalOrderTransitionError('o-1', 'SHIPPED', 'CancelOrder', ['DeliverOrder']),
      );
      expect(order.status).toBe(409);
      expect(order.body).toEqual({
        error: 'ORDER_ILLEGAL_TRANSITION',
        message: expect.stringContaining('SHIPPED'),
        currentStatus: 'SHIPPED',
        allowed: ['DeliverOrder'],
      });
      const shipment = await fail(
        new IllegalShipmentTransitionError('s-1', 'DELIVERED', 'dispatch'),
        'POST',
        '/shipments/s-1/dispatch',
        { carrier: 'DHL', trackingNumber: '1' },
      );
      expect(shipment.status).toBe(409);
      expect(shipment.body).toMatchObject({
        error: 'SHIPMENT_ILLEGAL_TRANSITION',
        currentStatus: 'DELIVERED',
      });
    });

    it('422 for a reused Idempotency-Key, 409 with Retry-After for one in progress', async () => {
      const reused = await fail(new IdempotencyConflictError('k'));
      expect(reused.status).toBe(422);
      expect((reused.body as { error: string }).error).toBe('IDEMPOTENCY_KEY_REUSED');
      const inProgress = await fail(new IdempotencyInProgressError('k'));
      expect(inProgress.status).toBe(409);
      expect(inProgress.headers.get('retry-after')).toBe('1');
      expect((inProgress.body as { error: string }).error).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
    });

    it('422 with the message for a domain rule the command breaks', async () => {
      const invalid = await fail(
        new InvalidOrderError('PlaceOrder', ['sku SKU-1 appears twice']),
        'POST',
        '/orders',
        validOrder(),
      );
      expect(invalid.status).toBe(422);
      expect(invalid.body).toEqual({
        error: 'ORDER_INVALID',
        message: 'PlaceOrder refused: sku SKU-1 appears twice.',
        problems: ['sku SKU-1 appears twice'],
      });
      const stock = await fail(
        new StockInvariantError(
          'STOCK_ADJUSTMENT_BELOW_RESERVED',
          'SKU-1',
          'on hand would drop below reserved',
        ),
        'POST',
        '/inventory/SKU-1/adjust',
        { delta: -50, reason: 'LOST' },
      );
      expect(stock.status).toBe(422);
      expect(stock.body).toEqual({
        error: 'STOCK_ADJUSTMENT_BELOW_RESERVED',
        message: 'SKU-1: on hand would drop below reserved',
      });
    });

    it.each([
      ['EVENTS_NOT_PUBLISHED', new EventsNotPublishedError(5_000)],
      ['REGISTRY_UNAVAILABLE', new RegistryUnavailableError('http://registry', new Error('ECONNREFUSED'))],
      ['KAFKA_UNAVAILABLE', new KafkaUnavailableError(['127.0.0.1:1'], new Error('ECONNREFUSED'))],
      // What TypeORM throws while PostgreSQL restarts: a 500 before, though a retry with the key is the answer.
      [
        'DATABASE_UNAVAILABLE',
        Object.assign(new Error('Query failed'), {
          driverError: Object.assign(new Error('terminating connection due to administrator command'), {
            code: '57P01',
          }),
        }),
      ],
    ])('503 with Retry-After: 5 for %s, never a 2xx', async (code, error) => {
      const answer = await fail(error);
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('5');
      expect((answer.body as { error: string }).error).toBe(code);
    });

    it('500 without internals for anything else', async () => {
      const answer = await fail(new Error('connection to postgres://secret@db failed'));
      expect(answer.status).toBe(500);
      expect(answer.text).not.toContain('postgres');
      expect(answer.body).toEqual({
        error: 'INTERNAL_ERROR',
        message: expect.stringContaining('X-Correlation-Id'),
      });
    });

    it('404 with a code for an unknown route', async () => {
      const answer = await api.request('POST', '/nowhere', {});
      expect(answer.status).toBe(404);
      expect((answer.body as { error: string }).error).toBe('NOT_FOUND');
    });
  });
});
