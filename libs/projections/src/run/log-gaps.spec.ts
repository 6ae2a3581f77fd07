import { LogGaps } from './log-gaps';

describe('LogGaps', () => {
  it('seeks back once when Kafka hands a partition above its checkpoint', () => {
    expect(new LogGaps().check('t/0', 40n, 90n)).toEqual({ kind: 'seek' });
  });

  it('calls it a gap, once, when the partition still starts above its checkpoint after seeking back to it', () => {
    const gaps = new LogGaps();
    gaps.check('t/0', 40n, 90n);
    expect(gaps.check('t/0', 40n, 60n)).toEqual({ kind: 'gap', missing: 20n, firstReport: true });
    expect(gaps.check('t/0', 40n, 60n)).toEqual({ kind: 'gap', missing: 20n, firstReport: false });
  });

  it('starts a partition never applied at the start the log still holds', () => {
    const gaps = new LogGaps();
    gaps.check('t/0', 0n, 90n);
    expect(gaps.check('t/0', 0n, 60n)).toEqual({ kind: 'start' });
  });

  it('forgets a gap once the partition is read from its checkpoint again', () => {
    const gaps = new LogGaps();
    gaps.check('t/0', 40n, 90n);
    gaps.check('t/0', 40n, 60n);
    gaps.closed('t/0');
    expect(gaps.check('t/0', 40n, 60n)).toEqual({ kind: 'seek' });
  });
});
