import { ShopstreamEvent } from '@shopstream/events';
import { BatchControl, IncomingRecord, RecordBatch } from '@shopstream/kafka';
import { ApplyResult } from '../apply/apply-batch';
import { CheckpointMovedError } from '../checkpoints/checkpoint.errors';
import { ParkedRecord } from '../dead-letters/dead-letter-store';
import { ProjectionInvariantError } from '../definition/projection.errors';
import {
  AppliedChunk,
  ChunkApplier,
  chunkAdvance,
  ChunkTransaction,
  retryDelayMs,
  TransactionWork,
} from './chunk-applier';
import { ParkedPartitions } from './parked-partitions';
import { Decoded } from './sort-out';

const TOPIC = 'shopstream.inventory';

const record = (offset: number, key: string | null = `sku-${offset}`): IncomingRecord => ({
  topic: TOPIC,
  partition: 0,
  offset: String(offset),
  key,
  value: Buffer.from(String(offset)),
  timestamp: 0,
  headers: {},
});

const eventOf = (r: IncomingRecord, note = `event ${r.offset}`) =>
  ({ type: 'StockReceived', note, metadata: { eventId: `e${r.offset}` } }) as unknown as ShopstreamEvent;

const batchOf = (records: IncomingRecord[]): RecordBatch => ({
  topic: TOPIC,
  partition: 0,
  records,
  highWatermark: String(Number(records.at(-1)!.offset) + 1),
});

/** Decodes every record, except those listed, which fail as undecodable. */
const decoder =
  (undecodable: readonly string[] = [], note?: (r: IncomingRecord) => string) =>
  (r: IncomingRecord): Promise<Decoded> =>
    Promise.resolve(
      undecodable.includes(r.offset)
        ? { record: r, error: new Error(`cannot decode ${r.offset}`) }
        : { record: r, event: eventOf(r, note?.(r)) },
    );

const activeControl = (): BatchControl & { heartbeats: number } => {
  const control = {
    heartbeats: 0,
    seek: jest.fn(),
    isActive: () => true,
    heartbeat: async () => void control.heartbeats++,
  };
  return control;
};

/**
 * A stand-in for PostgreSQL: `fail` decides, per transaction, whether applying its events throws; what commits is
 * recorded, as are the dead letters, which later transactions see as parked keys.
 */
function fakeDatabase(options: {
  pipelined?: (work: TransactionWork) => ApplyResult | null;
  fail?: (events: readonly { offset: string; event: ShopstreamEvent }[]) => unknown;
  failPark?: boolean;
}) {
  const committed: string[][] = [];
  const deadLetters: ParkedRecord[] = [];
  let transactions = 0;
  let parkedLookups = 0;
  const tx: ChunkTransaction = {
    partitionHasParked: () => {
      parkedLookups++;
      return Promise.resolve(deadLetters.length > 0);
    },
    parkedKeys: (_topic, keys) =>
      Promise.resolve(new Set(deadLetters.map((d) => d.key!).filter((k) => keys.includes(k)))),
    apply: (work) => {
      const failure = options.fail?.(work.events);
      if (failure) return Promise.reject(failure);
      return Promise.resolve({ applied: work.events.length, duplicates: 0 });
    },
    park: (records) => {
      if (records.length > 0 && options.failPark) return Promise.reject(new Error('dead-letter table gone'));
      deadLetters.push(...records);
      return Promise.resolve();
    },
  };
  const transactionsPort = {
    applyPipelined: (work: TransactionWork) => {
      const result = options.pipelined?.(work) ?? null;
      if (result) committed.push(work.events.map((e) => e.offset));
      return Promise.resolve(result);
    },
    transaction: async <T>(work: (tx: ChunkTransaction) => Promise<T>): Promise<T> => {
      transactions++;
      const staged: string[][] = [];
      const result = await work({
        ...tx,
        apply: async (w) => {
          const applied = await tx.apply(w);
          staged.push(w.events.map((e) => e.offset));
          return applied;
        },
      });
      committed.push(...staged);
      return result;
    },
  };
  return {
    transactionsPort,
    committed,
    deadLetters,
    count: () => ({ transactions, parkedLookups }),
  };
}

function applierOver(database: ReturnType<typeof fakeDatabase>, parked = new ParkedPartitions()) {
  const applied: AppliedChunk[] = [];
  const telemetry = { retrying: jest.fn(), parked: jest.fn(), nulReplaced: jest.fn() };
  const delays: number[] = [];
  const applier = new ChunkApplier({
    transactions: database.transactionsPort,
    parked,
    stopping: () => false,
    applied: (chunk) => applied.push(chunk),
    telemetry,
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
  });
  return { applier, applied, telemetry, delays, parked };
}

const offsetsOf = (chunk: AppliedChunk) => chunk.events.map((e) => e.offset);

describe('ChunkApplier', () => {
  it('applies a clean chunk of a partition with nothing parked pipelined, in no other transaction', async () => {
    const database = fakeDatabase({ pipelined: (w) => ({ applied: w.events.length, duplicates: 0 }) });
    const parked = new ParkedPartitions();
    await parked.mayHave(`${TOPIC}/0`, () => Promise.resolve(false));
    const { applier, applied } = applierOver(database, parked);
    const chunk = [record(0), record(1)];
    await applier.apply(batchOf(chunk), chunk, activeControl(), decoder());
    expect(database.committed).toEqual([['0', '1']]);
    expect(database.count().transactions).toBe(0);
    expect(applied.map(offsetsOf)).toEqual([['0', '1']]);
  });

  it('asks once whether a partition has anything parked, then remembers', async () => {
    const database = fakeDatabase({});
    const { applier } = applierOver(database);
    const first = [record(0)];
    const second = [record(1)];
    await applier.apply(batchOf(first), first, activeControl(), decoder());
    await applier.apply(batchOf(second), second, activeControl(), decoder());
    expect(database.count().parkedLookups).toBe(1);
    expect(database.committed).toEqual([['0'], ['1']]);
  });

  it('parks a record that does not decode and applies the rest in the same transaction', async () => {
    const database = fakeDatabase({});
    const { applier, applied, telemetry, parked } = applierOver(database);
    const chunk = [record(0), record(1), record(2)];
    await applier.apply(batchOf(chunk), chunk, activeControl(), decoder(['1']));
    expect(database.committed).toEqual([['0', '2']]);
    expect(database.deadLetters.map((d) => d.offset)).toEqual(['1']);
    expect(applied.map(offsetsOf)).toEqual([['0', '2']]);
    expect(telemetry.parked).toHaveBeenCalledWith(database.deadLetters, chunk);
    expect(parked.isClean(`${TOPIC}/0`)).toBe(false);
  });

  it('parks the later records of a key behind its parked one, keeping the key in order', async () => {
    const database = fakeDatabase({});
    const { applier } = applierOver(database);
    const chunk = [record(0, 'A'), record(1, 'B'), record(2, 'A')];
    await applier.apply(batchOf(chunk), chunk, activeControl(), decoder(['0']));
    expect(database.committed).toEqual([['1']]);
    expect(database.deadLetters.map((d) => [d.offset, d.errorCode])).toEqual([
      ['0', 'PROJECTION_APPLY_FAILED'],
      ['2', 'PARKED_BEHIND_KEY'],
    ]);
  });

  it('parks exactly the event an invariant error names, and applies the others', async () => {
    const database = fakeDatabase({
      fail: (events) =>
        events.some((e) => e.offset === '1')
          ? new ProjectionInvariantError('stock below zero', 'e1')
          : undefined,
    });
    const { applier, applied } = applierOver(database);
    const chunk = [record(0), record(1), record(2)];
    await applier.apply(batchOf(chunk), chunk, activeControl(), decoder());
    expect(database.deadLetters.map((d) => [d.offset, d.errorCode])).toEqual([['1', 'PROJECTION_INVARIANT']]);
    expect(applied.map(offsetsOf)).toEqual([['0', '2']]);
  });

  it('finds the culprit of an error that names no event by applying each record alone', async () => {
    const database = fakeDatabase({
      fail: (events) => (events.some((e) => e.offset === '2') ? new Error('value too long') : undefined),
    });
    const { applier, applied } = applierOver(database);
    const chunk = [record(0), record(1), record(2), record(3)];
    await applier.apply(batchOf(chunk), chunk, activeControl(), decoder());
    expect(applied.map(offsetsOf)).toEqual([['0'], ['1'], [], ['3']]);
    expect(database.deadLetters.map((d) => [d.offset, d.message])).toEqual([['2', 'value too long']]);
  });

  it('applies an event holding a NUL with the NUL replaced instead of parking it', async () => {
    const database = fakeDatabase({
      fail: (events) =>
        events.some((e) => JSON.stringify(e.event).includes('\\u0000'))
          ? new Error('invalid byte sequence')
          : undefined,
    });
    const { applier, applied, telemetry } = applierOver(database);
    const chunk = [record(0)];
    await applier.apply(
      batchOf(chunk),
      chunk,
      activeControl(),
      decoder([], () => 'bad\u0000note'),
    );
    expect(database.deadLetters).toEqual([]);
    expect((applied[0]!.events[0]!.event as unknown as { note: string }).note).toBe('bad\uFFFDnote');
    expect(telemetry.nulReplaced).toHaveBeenCalledTimes(1);
  });

  it('retries a transient failure with growing delays and a heartbeat, never skipping', async () => {
    let failures = 2;
    const database = fakeDatabase({
      fail: () =>
        failures-- > 0 ? Object.assign(new Error('deadlock detected'), { code: '40P01' }) : undefined,
    });
    const { applier, applied, delays, telemetry } = applierOver(database);
    const control = activeControl();
    const chunk = [record(0), record(1)];
    await applier.apply(batchOf(chunk), chunk, control, decoder());
    expect(delays).toEqual([retryDelayMs(0), retryDelayMs(1)]);
    expect(delays).toEqual([200, 400]);
    expect(control.heartbeats).toBe(2);
    expect(telemetry.retrying).toHaveBeenCalledTimes(2);
    expect(applied.map(offsetsOf)).toEqual([['0', '1']]);
    expect(database.deadLetters).toEqual([]);
  });

  it('hands a moved checkpoint back to its caller untouched', async () => {
    const moved = new CheckpointMovedError(TOPIC, 0, 40n);
    const database = fakeDatabase({ fail: () => moved });
    const { applier } = applierOver(database);
    const chunk = [record(0), record(1)];
    await expect(applier.apply(batchOf(chunk), chunk, activeControl(), decoder())).rejects.toBe(moved);
    expect(database.deadLetters).toEqual([]);
  });

  it('gives up when even parking fails, so the consumer restarts rather than skip', async () => {
    const database = fakeDatabase({
      fail: (events) => (events.length > 0 ? new Error('boom') : undefined),
      failPark: true,
    });
    const { applier } = applierOver(database);
    const chunk = [record(0)];
    await expect(applier.apply(batchOf(chunk), chunk, activeControl(), decoder())).rejects.toThrow(
      'dead-letter table gone',
    );
  });

  it('moves a checkpoint from the first record of a chunk to after its last', () => {
    expect(chunkAdvance({ topic: TOPIC, partition: 1 }, [record(5), record(9)], true)).toEqual({
      topic: TOPIC,
      partition: 1,
      fromOffset: '5',
      nextOffset: '10',
      noneParked: true,
    });
  });

  it('caps the backoff at thirty seconds', () => {
    expect(retryDelayMs(20)).toBe(30_000);
  });
});
