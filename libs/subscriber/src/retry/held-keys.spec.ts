import { HeldKeys } from './held-keys';

describe('HeldKeys', () => {
  it('lets a key with nothing waiting run', () => {
    const held = new HeldKeys(3);
    expect(held.stageToJoin('k')).toBeNull();
    expect(held.mustMoveOn('k', 0)).toBe(false);
  });

  it('sends a later event of a held key to the earliest stage holding one, behind it', () => {
    const held = new HeldKeys(3);
    held.entering('k', 1);
    expect(held.stageToJoin('k')).toBe(1);
    held.entering('k', 0);
    expect(held.stageToJoin('k')).toBe(0);
    expect(held.stageToJoin('other')).toBeNull();
  });

  it('moves an event on while an older one of its key waits in a later stage', () => {
    const held = new HeldKeys(3);
    held.entering('k', 0);
    held.entering('k', 2);
    expect(held.mustMoveOn('k', 0)).toBe(true);
    expect(held.mustMoveOn('k', 2)).toBe(false);
  });

  it('releases the key once every waiting event has left', () => {
    const held = new HeldKeys(2);
    held.entering('k', 0);
    held.entering('k', 0);
    held.left('k', 0);
    expect(held.stageToJoin('k')).toBe(0);
    held.left('k', 0);
    expect(held.stageToJoin('k')).toBeNull();
    expect(held.size).toBe(0);
  });

  it('ignores a leave it never saw enter (an event retried before a restart)', () => {
    const held = new HeldKeys(2);
    held.left('k', 1);
    expect(held.size).toBe(0);
  });
});
