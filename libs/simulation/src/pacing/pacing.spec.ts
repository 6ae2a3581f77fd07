import { pacingVerdict, PacingFigures, sessionsDue } from './pacing';

const figures = (overrides: Partial<PacingFigures>): PacingFigures => ({
  requestedPerSecond: 60,
  sentPerSecond: 60,
  concurrency: 64,
  requests: 10_000,
  waitedForSlot: 0,
  meanAnswerMs: 20,
  worstTimerLagMs: 5,
  ...overrides,
});

describe('sessionsDue', () => {
  it('follows the clock: a late tick starts what the missed ones would have', () => {
    expect(sessionsDue(60, 100, 0)).toBe(6);
    expect(sessionsDue(60, 1_000, 6)).toBe(54);
    expect(sessionsDue(60, 1_000, 60)).toBe(0);
  });
});

describe('pacingVerdict', () => {
  it('calls a rate within a few percent of the request kept', () => {
    expect(pacingVerdict(figures({ sentPerSecond: 58 }))).toEqual({ kept: true });
  });

  it('blames the shop when every slot was taken by slow answers', () => {
    const verdict = pacingVerdict(figures({ sentPerSecond: 27, waitedForSlot: 4_000, meanAnswerMs: 900 }));
    expect(verdict).toMatchObject({ kept: false, saturated: 'shop' });
    expect(verdict.why).toContain('lower --rate');
  });

  it('blames its own request slots when the answers were quick', () => {
    const verdict = pacingVerdict(figures({ sentPerSecond: 27, concurrency: 2, waitedForSlot: 4_000 }));
    expect(verdict).toMatchObject({ kept: false, saturated: 'simulator' });
    expect(verdict.why).toContain('raise --concurrency');
  });

  it('blames its own process when its timer ran late', () => {
    expect(pacingVerdict(figures({ sentPerSecond: 27, worstTimerLagMs: 2_000 }))).toMatchObject({
      kept: false,
      saturated: 'simulator',
    });
  });
});
