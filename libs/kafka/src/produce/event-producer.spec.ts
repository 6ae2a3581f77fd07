import { RecordsNotAcknowledgedError } from '../kafka.errors';
import { EventProducer, OutgoingRecord } from './event-producer';
import { ProducerSessionResetError, ProduceTransport } from './produce-transport';
import { ScriptedTransport } from './scripted-transport.fixtures';

const record = (key: string): OutgoingRecord => ({ topic: 'orders', key, value: Buffer.from(key) });
const producerOver = (transport: ProduceTransport) =>
  new EventProducer({ brokers: ['b:1'], clientId: 'spec', transport, resendAttempts: 3, resendBackoffMs: 1 });

describe('EventProducer', () => {
  it('does not resolve with an offset for a partition the broker’s answer left out, and sends it again', async () => {
    const transport = new ScriptedTransport([() => 'drop-partition-1', () => 'ok']);
    const positions = await producerOver(transport).send([record('k0'), record('k1'), record('k1')]);

    expect(positions).toEqual([
      { topic: 'orders', partition: 0, offset: '100' },
      { topic: 'orders', partition: 1, offset: '100' },
      { topic: 'orders', partition: 1, offset: '101' },
    ]);
    // The second send carries only partition 1's records, in their original order.
    expect(transport.sent[1]?.flatMap((t) => t.messages.map((m) => m.value.toString()))).toEqual([
      'k1',
      'k1',
    ]);
  });

  it('fails the records whose partition is never acknowledged, naming the ones that were written', async () => {
    const transport = new ScriptedTransport([
      () => 'drop-partition-1',
      () => 'drop-partition-1',
      () => 'drop-partition-1',
    ]);
    const failure = await producerOver(transport)
      .send([record('k0'), record('k1')])
      .catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(RecordsNotAcknowledgedError);
    const error = failure as RecordsNotAcknowledgedError;
    expect(error.unacknowledged).toBe(1);
    expect([...error.acknowledged.entries()]).toEqual([
      [0, { topic: 'orders', partition: 0, offset: '100' }],
    ]);
    expect(transport.sent).toHaveLength(3);
  });

  it('keeps the positions of an earlier answer when every resend fails outright', async () => {
    const transport = new ScriptedTransport([
      () => 'drop-partition-1',
      () => new Error('connection closed'),
      () => new Error('connection closed'),
    ]);
    const failure = (await producerOver(transport)
      .send([record('k0'), record('k1')])
      .catch((e: unknown) => e)) as RecordsNotAcknowledgedError;

    expect(failure.message).toMatch(/1 record\(s\) were not acknowledged.*connection closed/);
    expect(failure.acknowledged.get(0)).toEqual({ topic: 'orders', partition: 0, offset: '100' });
    expect(failure.code).toBe('KAFKA_RECORDS_NOT_ACKNOWLEDGED');
  });
});

describe('EventProducer after the broker refuses its sequence numbers', () => {
  it('sends the records again in a new producer session instead of failing them for good', async () => {
    const transport = new ScriptedTransport([
      () => new ProducerSessionResetError('OUT_OF_ORDER_SEQUENCE_NUMBER'),
    ]);
    const positions = await producerOver(transport).send([record('k0'), record('k1')]);
    expect(positions.map((p) => p.offset)).toEqual(['100', '100']);
    expect(transport.sent).toHaveLength(2);
  });
});

describe('EventProducer with partitions led by several brokers', () => {
  it('keeps what one leader acknowledged when the other leader’s call fails, and sends only the rest again', async () => {
    // Two leaders (partition % 2): the first call of each attempt runs for leader 0, the second for leader 1.
    let calls = 0;
    const transport = new ScriptedTransport(
      [() => 'ok', () => (++calls === 1 ? new Error('broker 1 died') : 'ok'), () => 'ok'],
      2,
    );
    const positions = await producerOver(transport).send([
      record('k0'),
      record('k1'),
      record('k2'),
      record('k3'),
    ]);

    expect(positions.map((p) => `${p.partition}@${p.offset}`)).toEqual(['0@100', '1@100', '2@100', '3@100']);
    const values = (n: number) =>
      transport.sent[n]?.flatMap((t) => t.messages.map((m) => m.value.toString()));
    expect(values(0)).toEqual(['k0', 'k2']);
    expect(values(1)).toEqual(['k1', 'k3']);
    // Only leader 1's records go again; leader 0's were written once.
    expect(values(2)).toEqual(['k1', 'k3']);
    expect(transport.sent).toHaveLength(3);
  });
});
