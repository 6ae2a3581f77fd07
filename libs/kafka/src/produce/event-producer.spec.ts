import { RecordsNotAcknowledgedError } from '../kafka.errors';
import { EventProducer, OutgoingRecord } from './event-producer';
import { IdempotentBrokerTransport } from './idempotent-broker.fixtures';

const record = (key: string, value = key): OutgoingRecord => ({
  topic: 'orders',
  key,
  value: Buffer.from(value),
});
const producerOver = (transport: IdempotentBrokerTransport) =>
  new EventProducer({ brokers: ['b:1'], clientId: 'spec', transport, resendAttempts: 3, resendBackoffMs: 1 });

describe('EventProducer', () => {
  it('does not resolve with an offset for a partition the broker’s answer left out, and sends it again', async () => {
    const transport = new IdempotentBrokerTransport({ 'orders/1': ['left-out', 'left-out'] });
    const positions = await producerOver(transport).send([
      record('k0'),
      record('k1', 'a'),
      record('k1', 'b'),
    ]);

    expect(positions).toEqual([
      { topic: 'orders', partition: 0, offset: '0' },
      { topic: 'orders', partition: 1, offset: '0' },
      { topic: 'orders', partition: 1, offset: '1' },
    ]);
    expect(transport.values('orders/1')).toEqual(['a', 'b']);
  });

  it('fails the records whose partition is never acknowledged, naming the ones that were written', async () => {
    const transport = new IdempotentBrokerTransport({ 'orders/1': ['refused', 'refused', 'refused'] });
    const failure = await producerOver(transport)
      .send([record('k0'), record('k1')])
      .catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(RecordsNotAcknowledgedError);
    const error = failure as RecordsNotAcknowledgedError;
    expect(error.unacknowledged).toBe(1);
    expect(error.message).toMatch(/1 record\(s\) were not acknowledged.*request timed out/);
    expect(error.code).toBe('KAFKA_RECORDS_NOT_ACKNOWLEDGED');
    expect([...error.acknowledged.entries()]).toEqual([[0, { topic: 'orders', partition: 0, offset: '0' }]]);
  });

  it('sends the records again in a new producer session when the broker no longer knows the producer', async () => {
    const transport = new IdempotentBrokerTransport({ 'orders/0': ['session-lost'] });
    const positions = await producerOver(transport).send([record('k0'), record('k1')]);

    expect(positions.map((p) => p.offset)).toEqual(['0', '0']);
    expect(transport.sessions).toBe(2);
    expect(transport.values('orders/0')).toEqual(['k0']);
  });
});

describe('EventProducer when an answer is lost after the broker wrote the records', () => {
  it('writes each record once when one partition of a request was answered and another was not', async () => {
    // Partitions 0 and 1 share a leader: both are written, only partition 0's answer arrives, and the request fails.
    const transport = new IdempotentBrokerTransport({ 'orders/1': ['unanswered'] });
    const positions = await producerOver(transport).send([record('k0'), record('k1')]);

    expect(transport.values('orders/0')).toEqual(['k0']);
    expect(transport.values('orders/1')).toEqual(['k1']);
    expect(positions.map((p) => `${p.partition}@${p.offset}`)).toEqual(['0@0', '1@0']);
  });

  it('sends records left in doubt by a failed send on their own first, so the broker can drop its copy', async () => {
    const transport = new IdempotentBrokerTransport({
      'orders/1': ['unanswered', 'unanswered', 'unanswered'],
    });
    const producer = producerOver(transport);
    await expect(producer.send([record('k1', 'a')])).rejects.toBeInstanceOf(RecordsNotAcknowledgedError);

    // The caller sends them again together with newer records of the same partition, as the outbox relay does.
    const positions = await producer.send([record('k1', 'a'), record('k1', 'b')]);

    expect(transport.values('orders/1')).toEqual(['a', 'b']);
    expect(positions.map((p) => p.offset)).toEqual(['0', '1']);
    expect(transport.sessions).toBe(1);
  });

  it('settles records in doubt that the caller does not send again before writing newer ones', async () => {
    const transport = new IdempotentBrokerTransport({
      'orders/1': ['unanswered', 'unanswered', 'unanswered'],
    });
    const producer = producerOver(transport);
    await expect(producer.send([record('k1', 'a')])).rejects.toBeInstanceOf(RecordsNotAcknowledgedError);

    // Under the numbers of the batch in doubt, the broker would take `c` for the copy of `a` and drop it.
    const positions = await producer.send([record('k1', 'c')]);
    expect(positions.map((p) => p.offset)).toEqual(['1']);
    expect(transport.values('orders/1')).toEqual(['a', 'c']);
  });
});
