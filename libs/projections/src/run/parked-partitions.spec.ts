import { ParkedPartitions } from './parked-partitions';

/** A dead-letter table of one lane: which partitions have something parked, and how often it was asked. */
function fakeStore(parked: Set<string>) {
  const asked: string[] = [];
  return {
    asked,
    lookup: (slot: string) => {
      asked.push(slot);
      return Promise.resolve(parked.has(slot));
    },
  };
}

describe('ParkedPartitions', () => {
  it('asks the store once per partition and then answers from memory', async () => {
    const store = fakeStore(new Set(['t/1']));
    const memory = new ParkedPartitions();
    expect(await memory.mayHave('t/0', store.lookup)).toBe(false);
    expect(await memory.mayHave('t/0', store.lookup)).toBe(false);
    expect(await memory.mayHave('t/1', store.lookup)).toBe(true);
    expect(store.asked).toEqual(['t/0', 't/1']);
    expect(memory.isClean('t/0')).toBe(true);
    expect(memory.isClean('t/1')).toBe(false);
  });

  it('counts a partition it never asked about as one that may have parked events', () => {
    expect(new ParkedPartitions().isClean('t/0')).toBe(false);
  });

  it('remembers its own park without asking', async () => {
    const store = fakeStore(new Set());
    const memory = new ParkedPartitions();
    await memory.mayHave('t/0', store.lookup);
    memory.parked('t/0');
    expect(await memory.mayHave('t/0', store.lookup)).toBe(true);
    expect(store.asked).toEqual(['t/0']);
  });

  it('asks again after the checkpoint moved under the lane, as the previous owner may have parked meanwhile', async () => {
    const parked = new Set<string>();
    const store = fakeStore(parked);
    const memory = new ParkedPartitions();
    expect(await memory.mayHave('t/0', store.lookup)).toBe(false);
    expect(await memory.mayHave('t/1', store.lookup)).toBe(false);
    parked.add('t/0');
    memory.forget('t/0');
    expect(memory.isClean('t/0')).toBe(false);
    expect(await memory.mayHave('t/0', store.lookup)).toBe(true);
    expect(memory.isClean('t/1')).toBe(true);
    expect(store.asked).toEqual(['t/0', 't/1', 't/0']);
  });

  it('asks again about every partition after a rebalance', async () => {
    const store = fakeStore(new Set());
    const memory = new ParkedPartitions();
    await memory.mayHave('t/0', store.lookup);
    await memory.mayHave('t/1', store.lookup);
    memory.forgetAll();
    expect(memory.isClean('t/0')).toBe(false);
    await memory.mayHave('t/1', store.lookup);
    expect(store.asked).toEqual(['t/0', 't/1', 't/1']);
  });
});
