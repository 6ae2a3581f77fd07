import { ProjectionSlot } from '../checkpoints/checkpoint-store';
import { AppliedPositionsStore, slotKey } from './applied-positions.store';
import { evaluate, PositionWaiter } from './position-waiter';
import { PositionWaitSaturatedError } from './position-wait.errors';
import { waitFor } from '../../../../test/support/wait-for';

const slot: ProjectionSlot = { projection: 'order_summary', topic: 'shopstream.orders', partition: 0 };

/** A store whose checkpoint is set by the test, counting the statements it would run. */
class FakeStore {
  next: bigint | null = null;
  calls = 0;
  nextOffsets(slots: readonly ProjectionSlot[]): Promise<Map<string, bigint>> {
    this.calls++;
    const out = new Map<string, bigint>();
    if (this.next !== null) for (const s of slots) out.set(slotKey(s), this.next);
    return Promise.resolve(out);
  }
}

const waiterOn = (store: FakeStore, maxWaiting = 100) =>
  new PositionWaiter(store as unknown as AppliedPositionsStore, { pollMs: 5, maxWaiting });

describe('evaluate', () => {
  it('counts a position as applied only once the next offset is past it', () => {
    expect(evaluate([{ ...slot, offset: 9n }], new Map([[slotKey(slot), 10n]]))).toEqual({ applied: true });
    expect(evaluate([{ ...slot, offset: 10n }], new Map([[slotKey(slot), 10n]]))).toEqual({
      applied: false,
      behind: [{ ...slot, offset: 10n, nextOffset: 10n, eventsBehind: 1n }],
    });
  });

  it('says a partition never applied is behind by every event up to the wanted one', () => {
    expect(evaluate([{ ...slot, offset: 4n }], new Map())).toMatchObject({
      applied: false,
      behind: [{ nextOffset: null, eventsBehind: 5n }],
    });
  });
});

describe('PositionWaiter', () => {
  it('wakes every waiter with one shared check per tick, not a check per waiter', async () => {
    const store = new FakeStore();
    const waiter = waiterOn(store, 1_000);
    const waits = Array.from({ length: 500 }, () =>
      waiter.waitUntilApplied([{ ...slot, offset: 3n }], { timeoutMs: 5_000 }),
    );
    await new Promise((r) => setTimeout(r, 30));
    const checksWhileWaiting = store.calls;
    store.next = 4n;
    const results = await Promise.all(waits);
    expect(results.every((r) => r.applied)).toBe(true);
    // 500 waiters for ~30 ms of 5 ms ticks: a poll per waiter would have run thousands of statements.
    expect(checksWhileWaiting).toBeLessThan(20);
    waiter.close();
  });

  it('answers behind, with how far, once the time is up', async () => {
    const store = new FakeStore();
    store.next = 2n;
    const waiter = waiterOn(store);
    const result = await waiter.waitUntilApplied([{ ...slot, offset: 6n }], { timeoutMs: 30 });
    expect(result).toEqual({
      applied: false,
      behind: [{ ...slot, offset: 6n, nextOffset: 2n, eventsBehind: 5n }],
    });
    expect(waiter.waiting).toBe(0);
  });

  it('stops waiting when the request is aborted', async () => {
    const waiter = waiterOn(new FakeStore());
    const controller = new AbortController();
    const wait = waiter.waitUntilApplied([{ ...slot, offset: 1n }], {
      timeoutMs: 60_000,
      signal: controller.signal,
    });
    controller.abort();
    expect((await wait).applied).toBe(false);
    expect(waiter.waiting).toBe(0);
  });

  it('refuses a waiter beyond the cap, and takes waiters again once they left', async () => {
    const waiter = waiterOn(new FakeStore(), 2);
    const waits = [1, 2].map(() => waiter.waitUntilApplied([{ ...slot, offset: 1n }], { timeoutMs: 40 }));
    await expect(
      waiter.waitUntilApplied([{ ...slot, offset: 1n }], { timeoutMs: 40 }),
    ).rejects.toBeInstanceOf(PositionWaitSaturatedError);
    await Promise.all(waits);
    await expect(waiter.waitUntilApplied([{ ...slot, offset: 1n }], { timeoutMs: 1 })).resolves.toMatchObject(
      {
        applied: false,
      },
    );
  });

  it('answers "not yet" at once when asked not to wait', async () => {
    const store = new FakeStore();
    store.next = 1n;
    const waiter = waiterOn(store);
    expect(await waiter.appliedNow([{ ...slot, offset: 0n }])).toEqual({ applied: true });
    expect((await waiter.appliedNow([{ ...slot, offset: 1n }])).applied).toBe(false);
  });

  describe('woken by commits', () => {
    /** A poll that never comes within a test: whatever answers, a wake-up, a deadline or the first check did. */
    const noPoll = (store: FakeStore) =>
      new PositionWaiter(store as unknown as AppliedPositionsStore, { pollMs: 60_000, maxWaiting: 10 });

    it('checks at once when a commit moved a wanted projection, not at the next poll', async () => {
      const store = new FakeStore();
      const waiter = noPoll(store);
      const wait = waiter.waitUntilApplied([{ ...slot, offset: 3n }], { timeoutMs: 60_000 });
      await waitForCalls(store, 1);
      store.next = 4n;
      waiter.applied('stock_levels');
      waiter.applied(slot.projection);
      expect(await wait).toEqual({ applied: true });
      // The first check on arrival and the one the commit woke; the other projection's commit woke none.
      expect(store.calls).toBe(2);
      waiter.close();
    });

    it('checks again after a check that may have read the checkpoints before the commit it heard', async () => {
      const store = new GatedStore();
      const waiter = slowPolling(store);
      const wait = waiter.waitUntilApplied([{ ...slot, offset: 3n }], { timeoutMs: 60_000 });
      await waitForCalls(store, 1);
      // The commit lands and is heard while the first check's statement is under way with the old checkpoint.
      waiter.applied(slot.projection);
      store.release(2n);
      await waitForCalls(store, 2);
      store.release(4n);
      expect(await wait).toEqual({ applied: true });
      waiter.close();
    });

    it('answers behind at its deadline, however long the poll interval', async () => {
      const store = new FakeStore();
      store.next = 2n;
      const waiter = noPoll(store);
      waiter.hearing(true);
      const result = await waiter.waitUntilApplied([{ ...slot, offset: 6n }], { timeoutMs: 40 });
      expect(result).toMatchObject({ applied: false, behind: [{ eventsBehind: 5n }] });
    });

    it('answers from the positions a notification carries, with no check', async () => {
      const store = new FakeStore();
      const waiter = noPoll(store);
      const other = { ...slot, partition: 1 };
      const wait = waiter.waitUntilApplied(
        [
          { ...slot, offset: 3n },
          { ...other, offset: 7n },
        ],
        { timeoutMs: 60_000 },
      );
      await waitForCalls(store, 1);
      const positions = (partition: number, nextOffset: bigint) => ({
        version: 1,
        activatedMs: 1,
        slots: [{ topic: slot.topic, partition, nextOffset }],
      });
      waiter.applied(slot.projection, positions(0, 4n));
      expect(waiter.waiting).toBe(1);
      waiter.applied('stock_levels', positions(1, 100n));
      expect(waiter.waiting).toBe(1);
      waiter.applied(slot.projection, positions(1, 8n));
      expect(await wait).toEqual({ applied: true });
      expect(store.calls).toBe(1);
      waiter.close();
    });

    it('keeps what a notification told when a check that read before the commit answers after it', async () => {
      const store = new GatedStore();
      const waiter = slowPolling(store);
      const other = { ...slot, partition: 1 };
      const wait = waiter.waitUntilApplied(
        [
          { ...slot, offset: 3n },
          { ...other, offset: 7n },
        ],
        { timeoutMs: 60_000 },
      );
      await waitForCalls(store, 1);
      waiter.applied(slot.projection, {
        version: 1,
        activatedMs: 1,
        slots: [{ topic: slot.topic, partition: 0, nextOffset: 4n }],
      });
      // The check's statement read both partitions at 2, before that commit; then partition 1 commits too.
      store.release(2n);
      await new Promise((r) => setImmediate(r));
      waiter.applied(slot.projection, {
        version: 1,
        activatedMs: 1,
        slots: [{ topic: slot.topic, partition: 1, nextOffset: 8n }],
      });
      expect(await wait).toEqual({ applied: true });
      waiter.close();
    });

    it('checks everything waiting once commits are heard again: some were missed meanwhile', async () => {
      const store = new FakeStore();
      const waiter = noPoll(store);
      const wait = waiter.waitUntilApplied([{ ...slot, offset: 3n }], { timeoutMs: 60_000 });
      await waitForCalls(store, 1);
      store.next = 4n;
      waiter.hearing(true);
      expect(await wait).toEqual({ applied: true });
      waiter.close();
    });
  });
});

/** A waiter whose own poll would take a minute: only arrivals and wake-ups make it check. */
const slowPolling = (store: GatedStore) =>
  new PositionWaiter(store as unknown as AppliedPositionsStore, { pollMs: 60_000, maxWaiting: 10 });

/** A store whose each check waits until the test releases it with the checkpoint it then reads. */
class GatedStore {
  calls = 0;
  private pending: ((next: bigint) => void)[] = [];
  nextOffsets(slots: readonly ProjectionSlot[]): Promise<Map<string, bigint>> {
    this.calls++;
    return new Promise((resolve) =>
      this.pending.push((next) => resolve(new Map(slots.map((s) => [slotKey(s), next])))),
    );
  }
  release(next: bigint): void {
    this.pending.shift()?.(next);
  }
}

async function waitForCalls(store: { calls: number }, calls: number): Promise<void> {
  await waitFor(() => store.calls >= calls, { timeoutMs: 5_000, intervalMs: 1, what: `${calls} checks` });
}
