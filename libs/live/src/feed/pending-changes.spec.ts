import { PendingChanges } from './pending-changes';

const change = (offset: number, key = 'A') => ({
  key,
  offset: BigInt(offset),
  change: { kind: 'received' as const, quantity: 1 },
});

describe('PendingChanges', () => {
  it('lets out, per partition in log order, only what the projection committed', () => {
    const pending = new PendingChanges();
    pending.add(0, [change(3), change(4), change(7)], 1);
    pending.add(1, [change(10)], 2);
    expect(pending.anyCommitted([3n, 10n])).toBe(false);
    expect(pending.anyCommitted([4n, 0n])).toBe(true);
    const taken = pending.takeCommitted([5n, 10n]);
    expect(taken.map((t) => [t.partition, Number(t.change.offset)])).toEqual([
      [0, 3],
      [0, 4],
    ]);
    expect(pending.size).toBe(2);
    expect(pending.takeCommitted([8n, 11n]).map((t) => [t.partition, Number(t.change.offset)])).toEqual([
      [0, 7],
      [1, 10],
    ]);
    expect(pending.size).toBe(0);
    expect(pending.anyCommitted([100n, 100n])).toBe(false);
  });

  it('treats a partition the position does not name as committed nowhere', () => {
    const pending = new PendingChanges();
    pending.add(2, [change(0)], 1);
    expect(pending.anyCommitted([5n, 5n])).toBe(false);
    expect(pending.takeCommitted([5n, 5n])).toEqual([]);
  });
});
