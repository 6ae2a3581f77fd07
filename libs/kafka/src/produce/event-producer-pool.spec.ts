import { RecordsNotAcknowledgedError } from '../kafka.errors';
import { EventProducer, OutgoingRecord } from './event-producer';
import { EventProducerPool } from './event-producer-pool';
import { IdempotentBrokerTransport, Script } from './idempotent-broker.fixtures';

const record = (key: string, value = key): OutgoingRecord => ({
  topic: 'orders',
  key,
  value: Buffer.from(value),
});

function poolOver(transports: readonly IdempotentBrokerTransport[]): EventProducerPool {
  return new EventProducerPool(
    transports.map(
      (transport) =>
        new EventProducer({
          brokers: ['b:1'],
          clientId: 'spec',
          transport,
          resendAttempts: 2,
          resendBackoffMs: 1,
        }),
    ),
    ['b:1'],
  );
}

function slotsOf(transport: IdempotentBrokerTransport): string[] {
  return [...new Set(transport.calls.flat().map((call) => call.split(':')[0]!))].sort();
}

describe('EventProducerPool', () => {
  it('answers every record’s position in input order, each partition sent by one producer', async () => {
    const transports = [new IdempotentBrokerTransport(), new IdempotentBrokerTransport()];
    const pool = poolOver(transports);
    const positions = await pool.send([
      record('k0', 'a'),
      record('k1', 'b'),
      record('k2', 'c'),
      record('k0', 'd'),
    ]);

    expect(positions.map((p) => `${p.partition}@${p.offset}`)).toEqual(['0@0', '1@0', '2@0', '0@1']);
    // Partitions are dealt in the order first seen: 0 and 2 to the first producer, 1 to the second.
    expect(slotsOf(transports[0]!)).toEqual(['orders/0', 'orders/2']);
    expect(slotsOf(transports[1]!)).toEqual(['orders/1']);
    expect(transports[0]!.values('orders/0')).toEqual(['a', 'd']);
  });

  it('keeps a partition with its producer on later sends', async () => {
    const transports = [new IdempotentBrokerTransport(), new IdempotentBrokerTransport()];
    const pool = poolOver(transports);
    await pool.send([record('k0'), record('k1')]);
    await pool.send([record('k1', 'again'), record('k3'), record('k0', 'more')]);

    expect(transports[1]!.values('orders/1')).toEqual(['k1', 'again']);
    expect(transports[0]!.values('orders/0')).toEqual(['k0', 'more']);
    expect(slotsOf(transports[0]!)).toEqual(['orders/0', 'orders/3']);
  });

  it('names the acknowledged records of every producer when one producer’s share fails', async () => {
    const refused: Script = { 'orders/1': ['refused', 'refused'] };
    const transports = [new IdempotentBrokerTransport(), new IdempotentBrokerTransport(refused)];
    const failure = await poolOver(transports)
      .send([record('k0'), record('k1'), record('k2')])
      .catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(RecordsNotAcknowledgedError);
    const error = failure as RecordsNotAcknowledgedError;
    expect(error.unacknowledged).toBe(1);
    expect([...error.acknowledged.keys()].sort()).toEqual([0, 2]);
    expect(error.acknowledged.get(2)).toEqual({ topic: 'orders', partition: 2, offset: '0' });
  });

  it('writes a record left in doubt once when the caller sends it again through the pool', async () => {
    const transports = [
      new IdempotentBrokerTransport(),
      new IdempotentBrokerTransport({ 'orders/1': ['unanswered', 'unanswered'] }),
    ];
    const pool = poolOver(transports);
    await expect(pool.send([record('k0'), record('k1', 'a')])).rejects.toBeInstanceOf(
      RecordsNotAcknowledgedError,
    );
    const positions = await pool.send([record('k1', 'a'), record('k1', 'b')]);

    expect(transports[1]!.values('orders/1')).toEqual(['a', 'b']);
    expect(positions.map((p) => p.offset)).toEqual(['0', '1']);
  });
});
