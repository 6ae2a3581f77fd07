import { singleFlight } from './single-flight';

describe('singleFlight', () => {
  it('shares one run among the calls made while it is under way', async () => {
    const once = singleFlight();
    let runs = 0;
    let finish!: () => void;
    const run = () => {
      runs++;
      return new Promise<void>((resolve) => (finish = resolve));
    };
    const calls = [once(run), once(run), once(run)];
    expect(runs).toBe(1);
    finish();
    await Promise.all(calls);
    expect(runs).toBe(1);
  });

  it('runs what the next call gives once the previous run settled, also after a failure', async () => {
    const once = singleFlight();
    const failing = jest.fn(async () => {
      throw new Error('coordinator moved');
    });
    const [first, second] = [once(failing), once(failing)];
    await expect(first).rejects.toThrow('coordinator moved');
    await expect(second).rejects.toThrow('coordinator moved');
    const next = jest.fn(async () => undefined);
    await once(next);
    expect(failing).toHaveBeenCalledTimes(1);
    expect(next).toHaveBeenCalledTimes(1);
  });
});
