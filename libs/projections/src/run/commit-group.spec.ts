import { CommitGroup } from './commit-group';

describe('CommitGroup', () => {
  it('applies the members that join in one turn of the event loop together, once', async () => {
    const applied: string[][] = [];
    const group = new CommitGroup<string>(
      async (members) => {
        applied.push([...members]);
      },
      () => 100,
    );
    const joined = await Promise.all([group.join('a', 1), group.join('b', 1), group.join('c', 1)]);
    expect(joined).toEqual([true, true, true]);
    expect(applied).toEqual([['a', 'b', 'c']]);
    expect(await group.join('d', 1)).toBe(true);
    expect(applied).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('sends a member that would overflow the capacity on alone, but never refuses the first', async () => {
    const applied: string[][] = [];
    const group = new CommitGroup<string>(
      async (members) => {
        applied.push([...members]);
      },
      () => 10,
    );
    const joined = await Promise.all([group.join('big', 25), group.join('small', 1)]);
    expect(joined).toEqual([true, false]);
    expect(applied).toEqual([['big']]);
  });

  it('tells every member of a failed group to go alone, and the next group starts clean', async () => {
    let fail = true;
    const group = new CommitGroup<string>(
      async () => {
        if (fail) throw new Error('deadlock detected');
      },
      () => 10,
    );
    expect(await Promise.all([group.join('a', 6), group.join('b', 4)])).toEqual([false, false]);
    fail = false;
    expect(await Promise.all([group.join('c', 6), group.join('d', 4)])).toEqual([true, true]);
  });
});
