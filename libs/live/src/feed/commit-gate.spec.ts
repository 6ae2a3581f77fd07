import { ProjectionPosition, ProjectionPositionStore } from '../store/projection-position.store';
import { CommitGate } from './commit-gate';

const at = (offset: bigint): ProjectionPosition => ({ epoch: 'v1-1', version: 1, offsets: [offset] });

/** A checkpoint store whose reads the test answers one by one. */
function store() {
  const reads: ((position: ProjectionPosition) => void)[] = [];
  const fake = {
    read: () => new Promise<ProjectionPosition>((resolve) => reads.push(resolve)),
  } as unknown as ProjectionPositionStore;
  return { fake, reads };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A gate whose own timer would take a minute: only arrivals and wake-ups make it check. */
const gateOn = (fake: ProjectionPositionStore) =>
  new CommitGate(
    fake,
    'stock_levels',
    'shopstream.inventory',
    1,
    60_000,
    () => undefined,
    () => undefined,
  );

describe('CommitGate', () => {
  it('checks when a waiter arrives and again when the projection announces a commit', async () => {
    const { fake, reads } = store();
    const gate = gateOn(fake);
    let passed = false;
    void gate.waitPast(0, 5n).then(() => (passed = true));
    expect(reads).toHaveLength(1);
    reads[0]!(at(5n));
    await settle();
    expect(passed).toBe(false);
    gate.wake();
    expect(reads).toHaveLength(2);
    reads[1]!(at(6n));
    await settle();
    expect(passed).toBe(true);
    gate.stop();
  });

  it('checks once more after a commit announced while a check was under way', async () => {
    const { fake, reads } = store();
    const gate = gateOn(fake);
    let passed = false;
    void gate.waitPast(0, 5n).then(() => (passed = true));
    gate.wake();
    expect(reads).toHaveLength(1);
    // The check under way read before the commit it was told of.
    reads[0]!(at(3n));
    await settle();
    await settle();
    expect(reads).toHaveLength(2);
    reads[1]!(at(6n));
    await settle();
    expect(passed).toBe(true);
    gate.stop();
  });

  it('does not check for nobody', () => {
    const { fake, reads } = store();
    const gate = gateOn(fake);
    gate.wake();
    gate.hearing(true);
    expect(reads).toHaveLength(0);
    gate.stop();
  });

  describe('told the positions a commit reached', () => {
    const reached = (nextOffset: bigint, version = 1, topic = 'shopstream.inventory') => ({
      version,
      activatedMs: 1,
      slots: [{ topic, partition: 0, nextOffset }],
    });

    it('lets waiters through without reading the checkpoints', async () => {
      const { fake, reads } = store();
      const gate = gateOn(fake);
      let passed = false;
      void gate.waitPast(0, 5n).then(() => (passed = true));
      reads[0]!(at(5n));
      await settle();
      gate.applied(reached(6n, 1, 'shopstream.orders'));
      await settle();
      expect(passed).toBe(false);
      gate.applied(reached(6n));
      await settle();
      expect(passed).toBe(true);
      expect(reads).toHaveLength(1);
      expect(gate.position?.offsets).toEqual([6n]);
      gate.stop();
    });

    it('reads the checkpoints when the positions are of another epoch', async () => {
      const { fake, reads } = store();
      const gate = gateOn(fake);
      gate.waitPast(0, 5n).catch(() => undefined);
      reads[0]!(at(5n));
      await settle();
      gate.applied(reached(9n, 2));
      expect(reads).toHaveLength(2);
      expect(gate.position?.offsets).toEqual([5n]);
      gate.stop();
    });

    it('is not taken back by a check that read before the commit it was told of', async () => {
      const { fake, reads } = store();
      const gate = gateOn(fake);
      gate.waitPast(0, 9n).catch(() => undefined);
      reads[0]!(at(5n));
      await settle();
      gate.wake();
      gate.applied(reached(7n));
      reads[1]!(at(6n));
      await settle();
      expect(gate.position?.offsets).toEqual([7n]);
      gate.stop();
    });
  });
});
