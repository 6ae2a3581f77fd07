import { LaneQueue } from './lane-queue';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('LaneQueue', () => {
  it('applies what is added in one turn of the event loop in one transaction', async () => {
    const applied: string[][] = [];
    const queue = new LaneQueue<string>(
      async (members) => {
        applied.push([...members]);
      },
      () => 100,
    );
    queue.add('a', 1);
    queue.add('b', 1);
    queue.add('c', 1);
    expect(applied).toEqual([]);
    await queue.idle();
    expect(applied).toEqual([['a', 'b', 'c']]);
  });

  it('takes everything that arrived during a transaction into the next one, in order', async () => {
    const applied: string[][] = [];
    const first = deferred();
    const queue = new LaneQueue<string>(
      async (members) => {
        applied.push([...members]);
        if (applied.length === 1) await first.promise;
      },
      () => 100,
    );
    queue.add('a', 1);
    await new Promise((r) => setImmediate(r));
    queue.add('b', 1);
    queue.add('c', 1);
    expect(applied).toEqual([['a']]);
    first.resolve();
    await queue.idle();
    expect(applied).toEqual([['a'], ['b', 'c']]);
  });

  it('never puts more than the capacity in one transaction, but always takes the first member', async () => {
    const applied: string[][] = [];
    const queue = new LaneQueue<string>(
      async (members) => {
        applied.push([...members]);
      },
      () => 10,
    );
    queue.add('big', 25);
    queue.add('a', 6);
    queue.add('b', 4);
    queue.add('c', 1);
    await queue.idle();
    expect(applied).toEqual([['big'], ['a', 'b'], ['c']]);
  });

  it('has room for a first member of any size, then up to the capacity', () => {
    const queue = new LaneQueue<string>(
      async () => undefined,
      () => 10,
    );
    expect(queue.hasRoom(50)).toBe(true);
    queue.add('a', 6);
    expect(queue.hasRoom(4)).toBe(true);
    expect(queue.hasRoom(5)).toBe(false);
  });

  it('tells a waiting producer when a transaction has taken members', async () => {
    const release = deferred();
    const queue = new LaneQueue<string>(
      () => release.promise,
      () => 10,
    );
    queue.add('a', 8);
    expect(queue.hasRoom(5)).toBe(false);
    await queue.nextTake();
    expect(queue.hasRoom(5)).toBe(true);
    release.resolve();
    await queue.idle();
  });

  it('hands back and forgets what waits when cleared', async () => {
    const applied: string[][] = [];
    const first = deferred();
    const queue = new LaneQueue<string>(
      async (members) => {
        applied.push([...members]);
        await first.promise;
      },
      () => 100,
    );
    queue.add('a', 1);
    await new Promise((r) => setImmediate(r));
    queue.add('b', 1);
    expect(queue.clear()).toEqual(['b']);
    first.resolve();
    await queue.idle();
    expect(applied).toEqual([['a']]);
  });
});
