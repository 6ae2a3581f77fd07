import { projectionStatus } from './projection-status';

const now = new Date('2026-11-27T12:00:00Z');
const base = { projection: 'order_summary', version: 1, deadLetters: 0, now, stallAfterMs: 60_000 };
const ends = [
  { topic: 'shopstream.orders', partition: 0, low: '0', high: '100' },
  { topic: 'shopstream.orders', partition: 1, low: '0', high: '50' },
];

describe('projectionStatus', () => {
  it('is CAUGHT_UP when every checkpoint is at the log end, however long ago it moved', () => {
    const checkpoints = [
      {
        topic: 'shopstream.orders',
        partition: 0,
        nextOffset: '100',
        updatedAt: new Date('2026-11-20T00:00:00Z'),
      },
      {
        topic: 'shopstream.orders',
        partition: 1,
        nextOffset: '50',
        updatedAt: new Date('2026-11-20T00:00:00Z'),
      },
    ];
    expect(projectionStatus({ ...base, checkpoints, logEnds: ends })).toMatchObject({
      state: 'CAUGHT_UP',
      lag: 0,
    });
  });

  it('is CATCHING_UP when behind but it moved recently', () => {
    const checkpoints = [
      {
        topic: 'shopstream.orders',
        partition: 0,
        nextOffset: '90',
        updatedAt: new Date(now.getTime() - 5_000),
      },
    ];
    const status = projectionStatus({ ...base, checkpoints, logEnds: ends });
    expect(status).toMatchObject({ state: 'CATCHING_UP', lag: 60 });
    expect(status.partitions[1]).toMatchObject({ checkpoint: null, lag: 50 });
  });

  it('flags a projection that is behind and has not advanced for the stall time as STALLED', () => {
    const checkpoints = [
      {
        topic: 'shopstream.orders',
        partition: 0,
        nextOffset: '90',
        updatedAt: new Date(now.getTime() - 120_000),
      },
    ];
    expect(projectionStatus({ ...base, checkpoints, logEnds: ends }).state).toBe('STALLED');
  });

  it('is NOT_STARTED when behind with no checkpoint at all, and counts from the log start', () => {
    const status = projectionStatus({
      ...base,
      checkpoints: [],
      logEnds: [{ topic: 't', partition: 0, low: '40', high: '100' }],
    });
    expect(status).toMatchObject({ state: 'NOT_STARTED', lag: 60 });
  });
  it('is LOG_GAP, naming the missing events, when the log starts above a checkpoint (retention, a recreated topic)', () => {
    const checkpoints = [
      {
        topic: 'shopstream.orders',
        partition: 0,
        nextOffset: '40',
        updatedAt: new Date(now.getTime() - 1_000),
      },
      {
        topic: 'shopstream.orders',
        partition: 1,
        nextOffset: '50',
        updatedAt: new Date(now.getTime() - 1_000),
      },
    ];
    const logEnds = [{ ...ends[0]!, low: '60' }, ends[1]!];
    const status = projectionStatus({ ...base, checkpoints, logEnds });
    expect(status.state).toBe('LOG_GAP');
    expect(status.partitions.map((p) => p.gap)).toEqual([20, 0]);
  });
});
