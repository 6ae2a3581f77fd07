import { LaneQueue } from './lane-queue';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** A queue that records each transaction's members; `hold` keeps every transaction open until it resolves. */
function recording(capacity: number, hold?: Promise<void>, windowMs?: number, paceMs?: number) {
  const applied: string[][] = [];
  const queue = new LaneQueue<string>(
    async (members) => {
      applied.push([...members]);
      await hold;
    },
    () => capacity,
    windowMs,
    paceMs,
  );
  return { queue, applied };
}

describe('LaneQueue', () => {
  it('applies what is added in one turn of the event loop in one transaction', async () => {
    const { queue, applied } = recording(100);
    queue.add('a', 1);
    queue.add('b', 1);
    queue.add('c', 1);
    expect(applied).toEqual([]);
    await queue.idle();
    expect(applied).toEqual([['a', 'b', 'c']]);
  });

  it('takes everything that arrived during a transaction into the next one, in order', async () => {
    const first = deferred();
    const { queue, applied } = recording(100, first.promise);
    queue.add('a', 1);
    await nextTurn();
    queue.add('b', 1);
    queue.add('c', 1);
    expect(applied).toEqual([['a']]);
    first.resolve();
    await queue.idle();
    expect(applied).toEqual([['a'], ['b', 'c']]);
  });

  it('never puts more than the capacity in one transaction, but always takes the first member', async () => {
    const { queue, applied } = recording(10);
    queue.add('big', 25);
    queue.add('a', 6);
    queue.add('b', 4);
    queue.add('c', 1);
    await queue.idle();
    expect(applied).toEqual([['big'], ['a', 'b'], ['c']]);
  });

  it('has room for a first member of any size, then up to the capacity', () => {
    const { queue } = recording(10);
    expect(queue.hasRoom(50)).toBe(true);
    queue.add('a', 6);
    expect(queue.hasRoom(4)).toBe(true);
    expect(queue.hasRoom(5)).toBe(false);
  });

  it('tells a waiting producer when a transaction has taken members', async () => {
    const release = deferred();
    const { queue } = recording(10, release.promise);
    queue.add('a', 8);
    expect(queue.hasRoom(5)).toBe(false);
    await queue.nextTake();
    expect(queue.hasRoom(5)).toBe(true);
    release.resolve();
    await queue.idle();
  });

  it('hands back and forgets what waits when cleared', async () => {
    const release = deferred();
    const { queue, applied } = recording(100, release.promise);
    queue.add('a', 1);
    await nextTurn();
    queue.add('b', 1);
    expect(queue.clear()).toEqual(['b']);
    release.resolve();
    await queue.idle();
    expect(applied).toEqual([['a']]);
  });

  describe('with a window', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('gathers what arrives until its first member has waited the window, into one transaction', async () => {
      const { queue, applied } = recording(100, undefined, 1_000);
      queue.add('a', 1);
      await jest.advanceTimersByTimeAsync(400);
      queue.add('b', 1);
      await jest.advanceTimersByTimeAsync(599);
      expect(applied).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(applied).toEqual([['a', 'b']]);
    });

    it('goes at once when the queue is full', async () => {
      const { queue, applied } = recording(10, undefined, 1_000);
      queue.add('a', 4);
      queue.add('b', 6);
      await jest.advanceTimersByTimeAsync(0);
      expect(applied).toEqual([['a', 'b']]);
    });

    it('goes at once for whoever waits for it: a batch that must go alone, a fetch that needs room', async () => {
      const { queue, applied } = recording(10, undefined, 1_000);
      queue.add('a', 1);
      const idle = queue.idle();
      await jest.advanceTimersByTimeAsync(0);
      await idle;
      queue.add('b', 8);
      expect(queue.hasRoom(5)).toBe(false);
      const take = queue.nextTake();
      await jest.advanceTimersByTimeAsync(0);
      await take;
      expect(applied).toEqual([['a'], ['b']]);
    });

    it('lets what arrived during a transaction wait out its own window', async () => {
      const first = deferred();
      const { queue, applied } = recording(100, first.promise, 1_000);
      queue.add('a', 1);
      await jest.advanceTimersByTimeAsync(1_000);
      queue.add('b', 1);
      await jest.advanceTimersByTimeAsync(300);
      first.resolve();
      await jest.advanceTimersByTimeAsync(699);
      expect(applied).toEqual([['a']]);
      await jest.advanceTimersByTimeAsync(1);
      expect(applied).toEqual([['a'], ['b']]);
    });
  });

  describe('with a pace', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('starts at once when the lane was idle for longer than the pace', async () => {
      const { queue, applied } = recording(100, undefined, undefined, 20);
      queue.add('a', 1);
      await jest.advanceTimersByTimeAsync(0);
      expect(applied).toEqual([['a']]);
      await jest.advanceTimersByTimeAsync(25);
      queue.add('b', 1);
      await jest.advanceTimersByTimeAsync(0);
      expect(applied).toEqual([['a'], ['b']]);
    });

    it('gathers what arrives within the pace after a start into the next transaction', async () => {
      const { queue, applied } = recording(100, undefined, undefined, 20);
      queue.add('a', 1);
      await jest.advanceTimersByTimeAsync(0);
      queue.add('b', 1);
      await jest.advanceTimersByTimeAsync(5);
      queue.add('c', 1);
      await jest.advanceTimersByTimeAsync(14);
      expect(applied).toEqual([['a']]);
      await jest.advanceTimersByTimeAsync(1);
      expect(applied).toEqual([['a'], ['b', 'c']]);
    });

    it('paces what arrived during a transaction from the start of that transaction', async () => {
      const first = deferred();
      const { queue, applied } = recording(100, first.promise, undefined, 20);
      queue.add('a', 1);
      await jest.advanceTimersByTimeAsync(0);
      queue.add('b', 1);
      await jest.advanceTimersByTimeAsync(8);
      first.resolve();
      await jest.advanceTimersByTimeAsync(11);
      expect(applied).toEqual([['a']]);
      await jest.advanceTimersByTimeAsync(1);
      expect(applied).toEqual([['a'], ['b']]);
    });

    it('goes at once when the queue fills or someone waits for it', async () => {
      const { queue, applied } = recording(10, undefined, undefined, 20);
      queue.add('a', 1);
      await jest.advanceTimersByTimeAsync(0);
      queue.add('b', 4);
      queue.add('c', 6);
      await jest.advanceTimersByTimeAsync(0);
      expect(applied).toEqual([['a'], ['b', 'c']]);
      queue.add('d', 1);
      const idle = queue.idle();
      await jest.advanceTimersByTimeAsync(0);
      await idle;
      expect(applied).toEqual([['a'], ['b', 'c'], ['d']]);
    });
  });
});
