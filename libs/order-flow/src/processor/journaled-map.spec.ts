import { JournaledMap } from './journaled-map';

describe('JournaledMap', () => {
  it('undoes every write after a mark, restoring overwritten values and removing new keys', () => {
    const map = new JournaledMap(new Map([['a', 1]]));
    map.set('a', 2);
    const mark = map.mark();
    map.set('a', 3);
    map.set('b', 4);
    map.rollbackTo(mark);
    expect([...map.values()]).toEqual([2]);
    expect(map.get('b')).toBeUndefined();
  });
});
