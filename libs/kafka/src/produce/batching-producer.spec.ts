import { RecordsNotAcknowledgedError } from '../kafka.errors';
import { BatchingProducer } from './batching-producer';
import { EventProducer } from './event-producer';
import { ScriptedTransport } from './scripted-transport.fixtures';

const record = (key: string) => ({ topic: 'orders', key, value: Buffer.from(key) });

describe('BatchingProducer', () => {
  it('answers callers whose records were written, and fails only those whose partition was not acknowledged', async () => {
    const transport = new ScriptedTransport([() => 'drop-partition-1', () => 'drop-partition-1']);
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
      { topic: 'orders', partition: 0, offset: '100' },
      { topic: 'orders', partition: 2, offset: '100' },
    ]);
    await expect(lost).rejects.toBeInstanceOf(RecordsNotAcknowledgedError);
    expect(transport.sent).toHaveLength(2);
  });
});
