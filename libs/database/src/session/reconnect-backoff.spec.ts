import { ReconnectBackoff } from './reconnect-backoff';

describe('ReconnectBackoff', () => {
  it('doubles up to its cap and starts over after a success', () => {
    const backoff = new ReconnectBackoff(100, 500);
    expect([backoff.delay(), backoff.delay(), backoff.delay(), backoff.delay(), backoff.delay()]).toEqual([
      100, 200, 400, 500, 500,
    ]);
    backoff.reset();
    expect(backoff.delay()).toBe(100);
  });
});
