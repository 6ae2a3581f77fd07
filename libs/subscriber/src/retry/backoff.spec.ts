import { backoffDelay, tryWithBackoff } from './backoff';

const policy = { attempts: 4, initialDelayMs: 100, maxDelayMs: 300, multiplier: 2 };
const noSleep = async () => undefined;

describe('backoff', () => {
  it('doubles the wait and caps it', () => {
    expect([1, 2, 3, 4].map((a) => backoffDelay(policy, a))).toEqual([100, 200, 300, 300]);
  });

  it('succeeds on the try that works', async () => {
    let tries = 0;
    const outcome = await tryWithBackoff(
      async () => {
        tries++;
        if (tries < 3) throw new Error('not yet');
      },
      policy,
      { sleep: noSleep },
    );
    expect(outcome).toEqual({ ok: true });
    expect(tries).toBe(3);
  });

  it('gives up after the last try with its error', async () => {
    const outcome = await tryWithBackoff(() => Promise.reject(new Error('down')), policy, { sleep: noSleep });
    expect(outcome).toMatchObject({ ok: false, tries: 4 });
  });

  it('stops at once on a permanent error or when told to stop', async () => {
    const permanent = await tryWithBackoff(() => Promise.reject(new TypeError('bad')), policy, {
      sleep: noSleep,
      isPermanent: (e) => e instanceof TypeError,
    });
    expect(permanent).toMatchObject({ ok: false, tries: 1 });
    const stopped = await tryWithBackoff(() => Promise.reject(new Error('x')), policy, {
      sleep: noSleep,
      keepGoing: () => false,
    });
    expect(stopped).toMatchObject({ ok: false, tries: 1 });
  });
});
