import { FixedWindowStorage } from './fixed-window-storage';

describe('FixedWindowStorage', () => {
  it('counts each key on its own and refuses the hit past the limit with the time to wait', async () => {
    const storage = new FixedWindowStorage();
    const hit = (key: string) => storage.increment(key, 1_000, 2, 1_000, 'default');
    expect(await hit('a')).toMatchObject({ totalHits: 1, isBlocked: false, timeToBlockExpire: 0 });
    expect(await hit('a')).toMatchObject({ totalHits: 2, isBlocked: false });
    const third = await hit('a');
    expect(third).toMatchObject({ isBlocked: true, timeToBlockExpire: 1 });
    expect(third.totalHits).toBeGreaterThan(2);
    expect(await hit('b')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('keeps limits of different sizes apart, as principals of different kinds get', async () => {
    const storage = new FixedWindowStorage();
    await storage.increment('k', 1_000, 1, 1_000, 'default');
    expect(await storage.increment('k', 1_000, 1, 1_000, 'default')).toMatchObject({ isBlocked: true });
    expect(await storage.increment('k', 1_000, 5, 1_000, 'default')).toMatchObject({ isBlocked: false });
  });

  it('takes hits again once the window and its block are over', async () => {
    jest.useFakeTimers({ now: 0 });
    try {
      const storage = new FixedWindowStorage();
      const hit = () => storage.increment('k', 1_000, 1, 1_000, 'default');
      await hit();
      expect(await hit()).toMatchObject({ isBlocked: true });
      jest.setSystemTime(2_100);
      expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
    } finally {
      jest.useRealTimers();
    }
  });
});
