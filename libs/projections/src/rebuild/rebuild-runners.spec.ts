import { checkRebuildRunners, DEFAULT_REBUILD_RUNNERS, rebuildPoolSize } from './rebuild-projection';

describe('rebuild runners', () => {
  it('accepts whole numbers from 1 to 16', () => {
    expect(checkRebuildRunners(1)).toBe(1);
    expect(checkRebuildRunners(16)).toBe(16);
  });

  it.each([0, -1, 17, 1.5, Number.NaN])('refuses %p, naming the option', (runners) => {
    expect(() => checkRebuildRunners(runners)).toThrow(/--runners.*from 1 to 16; got/);
  });

  it('sizes the pool for a transaction per read model and runner, plus the run lock, polls and swap', () => {
    expect(rebuildPoolSize(13, 1)).toBe(17);
    expect(rebuildPoolSize(13, 2)).toBe(30);
    expect(rebuildPoolSize(13)).toBe(rebuildPoolSize(13, DEFAULT_REBUILD_RUNNERS));
  });
});
