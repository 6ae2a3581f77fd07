import { decideRestart, RestartPolicy } from './restart-policy';

const policy: RestartPolicy = { baseDelayMs: 1_000, maxDelayMs: 8_000, maxCrashes: 5, windowMs: 60_000 };

describe('decideRestart', () => {
  it('backs off doubling per crash inside the window, up to the maximum', () => {
    const delays = [1, 2, 3, 4].map((n) => {
      const decision = decideRestart(
        Array.from({ length: n }, (_, i) => i * 1_000),
        n * 1_000,
        policy,
      );
      return decision.action === 'restart' ? decision.delayMs : -1;
    });
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('gives up at the crash that fills the window, and says so', () => {
    expect(decideRestart([0, 1, 2, 3, 4], 5, policy)).toEqual({
      action: 'give-up',
      why: '5 crashes within 60s',
    });
  });

  it('forgets crashes older than the window', () => {
    expect(decideRestart([0, 1, 2, 3, 100_000], 100_000, policy)).toEqual({
      action: 'restart',
      delayMs: 1_000,
    });
  });
});
