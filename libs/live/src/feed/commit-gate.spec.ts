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
});
