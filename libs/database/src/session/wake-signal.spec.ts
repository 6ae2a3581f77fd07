import { WakeSignal } from './wake-signal';

describe('WakeSignal', () => {
  afterEach(() => jest.useRealTimers());

  it('returns from the next sleep at once after a signal given while nobody slept', async () => {
    jest.useFakeTimers();
    const signal = new WakeSignal();
    signal.clear();
    // The loop read an empty queue; the notification arrives before it goes to sleep.
    signal.signal();
    let woke = false;
    void signal.sleep(60_000).then(() => (woke = true));
    await Promise.resolve();
    await Promise.resolve();
    expect(woke).toBe(true);
  });

  it('wakes a sleeper at the signal, and a later sleep waits again', async () => {
    jest.useFakeTimers();
    const signal = new WakeSignal();
    let woke = 0;
    void signal.sleep(60_000).then(() => (woke += 1));
    signal.signal();
    await Promise.resolve();
    expect(woke).toBe(1);
    void signal.sleep(1_000).then(() => (woke += 1));
    await Promise.resolve();
    expect(woke).toBe(1);
    jest.advanceTimersByTime(1_000);
    await Promise.resolve();
    expect(woke).toBe(2);
  });

  it('forgets signals given before clear', async () => {
    jest.useFakeTimers();
    const signal = new WakeSignal();
    signal.signal();
    signal.clear();
    let woke = false;
    void signal.sleep(500).then(() => (woke = true));
    await Promise.resolve();
    expect(woke).toBe(false);
    jest.advanceTimersByTime(500);
    await Promise.resolve();
    expect(woke).toBe(true);
  });
});
