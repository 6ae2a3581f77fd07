import { progressOf, RateMeter } from './run-progress';

describe('progressOf', () => {
  const starts = new Map([
    ['t/0', 10n],
    ['t/1', 0n],
  ]);

  it('counts done and total from the start offsets, not from zero', () => {
    const p = progressOf({
      run: 'r',
      phase: 'building',
      starts,
      positions: new Map([['t/0', 60n]]),
      heads: new Map([
        ['t/0', 110n],
        ['t/1', 40n],
      ]),
      eventsPerSecond: 10,
      elapsedSeconds: 1,
    });
    expect(p.partitions).toEqual([
      { topic: 't', partition: 0, position: '60', head: '110', done: 50, total: 100 },
      { topic: 't', partition: 1, position: '0', head: '40', done: 0, total: 40 },
    ]);
    expect(p.done).toBe(50);
    expect(p.total).toBe(140);
    expect(p.etaSeconds).toBe(9);
  });

  it('has no ETA before a rate is known', () => {
    const p = progressOf({
      run: 'r',
      phase: 'building',
      starts,
      positions: new Map(),
      heads: new Map([['t/0', 20n]]),
      eventsPerSecond: 0,
      elapsedSeconds: 0,
    });
    expect(p.etaSeconds).toBeNull();
  });
});

describe('RateMeter', () => {
  it('measures over its window, so an early stall stops counting once it is old', () => {
    const meter = new RateMeter(1_000);
    meter.sample(0, 0);
    meter.sample(0, 5_000);
    meter.sample(1_000, 5_500);
    expect(meter.sample(2_000, 6_000)).toBeCloseTo(2_000, 0);
  });
});
