import { stageBehindOlderEvents } from './behind-older-events';

const held = (offset: string, stage: number, partition = 0) => ({ partition, offset, stage });
const self = (offset: string, partition = 0) => ({ partition, offset });

describe('stageBehindOlderEvents', () => {
  it('lets an event run when nothing of its key waits', () => {
    expect(stageBehindOlderEvents([], self('7'), -1, 2)).toBeNull();
    expect(stageBehindOlderEvents([], self('7'), 1, 2)).toBeNull();
  });

  it('sends an event from its own topic to the earliest stage holding an older one of its key', () => {
    expect(stageBehindOlderEvents([held('3', 2), held('5', 1)], self('7'), -1, 2)).toBe(1);
  });

  it('moves an event read from a retry stage on while an older one waits, and keeps it in the last', () => {
    expect(stageBehindOlderEvents([held('3', 2)], self('7'), 0, 2)).toBe(1);
    expect(stageBehindOlderEvents([held('3', 2)], self('7'), 2, 2)).toBe(2);
  });

  it('lets an event run past newer events of its key (copies written before a crash)', () => {
    expect(stageBehindOlderEvents([held('9', 0), held('12', 1)], self('7'), -1, 2)).toBeNull();
  });

  it('does not wait for itself: a row it left before its copy was sent', () => {
    expect(stageBehindOlderEvents([held('7', 1)], self('7'), -1, 2)).toBeNull();
    expect(stageBehindOlderEvents([held('7', 2)], self('7'), 0, 2)).toBeNull();
  });

  it('compares offsets as numbers and only within one partition', () => {
    expect(stageBehindOlderEvents([held('10', 0)], self('9'), -1, 2)).toBeNull();
    expect(stageBehindOlderEvents([held('3', 0, 1)], self('7', 0), -1, 2)).toBeNull();
  });
});
