import { CoalescedRun } from './coalesced-run';

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('CoalescedRun', () => {
  it('runs again after the current run for a request made during it', async () => {
    const gates = [deferred(), deferred()];
    let runs = 0;
    const check = new CoalescedRun(() => gates[runs++]!.promise);
    const first = check.request();
    // A notification arrives while the first run's query is out: it may have read before the news.
    const second = check.request();
    gates[0]!.resolve();
    await first;
    expect(runs).toBe(2);
    gates[1]!.resolve();
    await second;
    expect(runs).toBe(2);
  });

  it('shares one following run among every request made during a run', async () => {
    const gates = [deferred(), deferred()];
    let runs = 0;
    const check = new CoalescedRun(() => gates[runs++]!.promise);
    void check.request();
    const during = [check.request(), check.request(), check.request()];
    gates[0]!.resolve();
    gates[1]!.resolve();
    await Promise.all(during);
    expect(runs).toBe(2);
  });

  it('rejects the callers of a failed run and runs again for the next request', async () => {
    let runs = 0;
    const check = new CoalescedRun(async () => {
      runs += 1;
      if (runs === 1) throw new Error('connection lost');
    });
    await expect(check.request()).rejects.toThrow('connection lost');
    await check.request();
    expect(runs).toBe(2);
  });
});
