import type { IncomingRecord } from '@shopstream/kafka';
import { forwardHeaders, originOf, RETRY_HEADERS } from './retry-headers';

const record: IncomingRecord = {
  topic: 'shopstream.orders',
  partition: 3,
  offset: '42',
  key: 'order-1',
  value: Buffer.from('x'),
  timestamp: 1_700_000_000_000,
  headers: { 'correlation-id': 'c-1' },
};

class PaymentDeclined extends Error {
  override readonly name = 'PaymentDeclined';
}

describe('retry headers', () => {
  it('names the original position, the group, the error and the attempts, as Spring does', () => {
    const headers = forwardHeaders(record, 'loyalty', {
      error: new PaymentDeclined('card expired'),
      attempts: 3,
      dueAt: 1_700_000_001_000,
      heldBehind: false,
    });
    expect(headers).toMatchObject({
      'correlation-id': 'c-1',
      'kafka_dlt-original-topic': 'shopstream.orders',
      'kafka_dlt-original-partition': '3',
      'kafka_dlt-original-offset': '42',
      'kafka_dlt-original-consumer-group': 'loyalty',
      'kafka_dlt-exception-fqcn': 'PaymentDeclined',
      'kafka_dlt-exception-message': 'card expired',
      'retry_topic-attempts': '3',
      'retry_topic-backoff-timestamp': '1700000001000',
    });
  });

  it('keeps the first origin through every hop', () => {
    const first = forwardHeaders(record, 'g', {
      error: new Error('a'),
      attempts: 3,
      dueAt: 0,
      heldBehind: false,
    });
    const hop: IncomingRecord = {
      ...record,
      topic: 'shopstream.orders-retry-1000',
      partition: 3,
      offset: '7',
      headers: first,
    };
    expect(originOf(hop)).toEqual({
      topic: 'shopstream.orders',
      partition: 3,
      offset: '42',
      timestamp: 1_700_000_000_000,
      group: 'g',
      attempts: 3,
    });
    const second = forwardHeaders(hop, 'g', {
      error: new Error('b'),
      attempts: 4,
      dueAt: 0,
      heldBehind: false,
    });
    expect(second[RETRY_HEADERS.originalOffset]).toBe('42');
    expect(second[RETRY_HEADERS.exceptionMessage]).toBe('b');
  });

  it('marks an event moved behind its key without an exception of its own', () => {
    const headers = forwardHeaders(record, 'g', { error: null, attempts: 0, dueAt: 0, heldBehind: true });
    expect(headers[RETRY_HEADERS.heldBehind]).toBe('true');
    expect(headers[RETRY_HEADERS.exceptionClass]).toBeUndefined();
  });

  it('reads a record of its own topic as its own origin', () => {
    expect(originOf(record)).toMatchObject({
      topic: 'shopstream.orders',
      offset: '42',
      attempts: 0,
      group: null,
    });
  });
});
