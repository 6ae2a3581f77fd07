import { RecordsNotAcknowledgedError } from '../kafka.errors';
import { BatchingProducer } from './batching-producer';
import { EventProducer } from './event-producer';
import { IdempotentBrokerTransport } from './idempotent-broker.fixtures';

const record = (key: string) => ({ topic: 'orders', key, value: Buffer.from(key) });

describe('BatchingProducer', () => {
  it('answers callers whose records were written, and fails only those whose partition was not acknowledged', async () => {
    const transport = new IdempotentBrokerTransport({ 'orders/1': ['refused', 'refused'] });
    const producer = new EventProducer({
      brokers: ['b:1'],
      clientId: 'spec',
      transport,
      resendAttempts: 2,
      resendBackoffMs: 1,
    });
    const batching = new BatchingProducer(producer, 50);

    const written = batching.send([record('k0'), record('k2')]);
    const lost = batching.send([record('k0'), record('k1')]);
    await batching.drain();

    await expect(written).resolves.toEqual([
      { topic: 'orders', partition: 0, offset: '0' },
      { topic: 'orders', partition: 2, offset: '0' },
    ]);
    await expect(lost).rejects.toBeInstanceOf(RecordsNotAcknowledgedError);
    expect(transport.values('orders/0')).toEqual(['k0', 'k0']);
  });
});
