import { LoggedChange, RecentChanges } from './recent-changes';

const change = (offset: number, key = 'SKU-1'): LoggedChange => ({
  key,
  offset: BigInt(offset),
  change: { kind: 'received', quantity: 1 },
});
const offsets = (found: LoggedChange[] | null) => found?.map((c) => Number(c.offset)) ?? null;

describe('RecentChanges', () => {
  it('answers a range inside what the reader handed on, and nothing for a partition it never started', () => {
    const recent = new RecentChanges(100);
    recent.startAt(0, 10n);
    recent.append(0, [change(10), change(12)], 13n);
    recent.append(0, [change(14)], 16n);
    expect(offsets(recent.between(0, 10n, 16n))).toEqual([10, 12, 14]);
    expect(offsets(recent.between(0, 11n, 14n))).toEqual([12]);
    expect(offsets(recent.between(0, 13n, 14n))).toEqual([]);
    expect(recent.between(1, 0n, 1n)).toBeNull();
  });

  it("answers only one key's changes when asked for a key, and still null for a range it does not hold", () => {
    const recent = new RecentChanges(100);
    recent.startAt(0, 10n);
    recent.append(
      0,
      [change(10, 'SKU-1'), change(11, 'SKU-2'), change(12, 'SKU-1'), change(13, 'SKU-3')],
      14n,
    );
    expect(offsets(recent.between(0, 10n, 14n, 'SKU-1'))).toEqual([10, 12]);
    expect(offsets(recent.between(0, 11n, 14n, 'SKU-2'))).toEqual([11]);
    expect(offsets(recent.between(0, 10n, 14n, 'SKU-9'))).toEqual([]);
    expect(recent.between(0, 9n, 14n, 'SKU-1')).toBeNull();
  });

  it("answers a key's changes after older ones were dropped, its key index within twice its bound", () => {
    const recent = new RecentChanges(4);
    recent.startAt(0, 0n);
    for (let offset = 0; offset < 100; offset++)
      recent.append(0, [change(offset, `SKU-${offset % 7}`)], BigInt(offset + 1));
    expect(offsets(recent.between(0, 96n, 100n, 'SKU-0'))).toEqual([98]);
    expect(offsets(recent.between(0, 96n, 100n, 'SKU-5'))).toEqual([96]);
    expect(offsets(recent.between(0, 96n, 100n, 'SKU-6'))).toEqual([97]);
    expect(offsets(recent.between(0, 96n, 100n, 'SKU-2'))).toEqual([]);
    expect(recent.between(0, 95n, 100n, 'SKU-0')).toBeNull();
    const held = recent.held();
    expect(held.changes).toBe(4);
    expect(held.keys).toBeLessThanOrEqual(8);
  });

  it('refuses a range that starts before the reader did or ends past what it read', () => {
    const recent = new RecentChanges(100);
    recent.startAt(0, 10n);
    recent.append(0, [change(10)], 11n);
    expect(recent.between(0, 9n, 11n)).toBeNull();
    expect(recent.between(0, 10n, 12n)).toBeNull();
    expect(offsets(recent.between(0, 11n, 11n))).toEqual([]);
  });

  it('keeps the latest changes within its bound and then answers only from the oldest one kept', () => {
    const recent = new RecentChanges(3);
    recent.startAt(0, 0n);
    for (let offset = 0; offset < 10; offset++) recent.append(0, [change(offset)], BigInt(offset + 1));
    expect(offsets(recent.between(0, 7n, 10n))).toEqual([7, 8, 9]);
    expect(recent.between(0, 6n, 10n)).toBeNull();
  });

  it('counts records the source ignores: a window of few changes can cover many offsets', () => {
    const recent = new RecentChanges(2);
    recent.startAt(0, 0n);
    recent.append(0, [change(5)], 50n);
    recent.append(0, [change(60)], 100n);
    recent.append(0, [change(120)], 130n);
    expect(offsets(recent.between(0, 6n, 130n))).toEqual([60, 120]);
    expect(recent.between(0, 5n, 130n)).toBeNull();
  });

  it('ignores a repeated hand-on of records it already holds', () => {
    const recent = new RecentChanges(10);
    recent.startAt(0, 0n);
    recent.append(0, [change(0), change(1)], 2n);
    recent.append(0, [change(1)], 2n);
    expect(offsets(recent.between(0, 0n, 2n))).toEqual([0, 1]);
  });
});
