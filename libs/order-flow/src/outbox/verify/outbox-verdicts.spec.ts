import { judgeOutbox } from './outbox-verdicts';

const row = (id: string, eventId: string, partition: number | null, offset: string | null) => ({
  id,
  eventId,
  topic: 'orders',
  partition,
  offset,
});

describe('judgeOutbox', () => {
  it('tells rows in place from rows recorded at someone else’s position and rows not in the log at all', () => {
    const verdicts = judgeOutbox(
      [row('1', 'e1', 11, '0'), row('2', 'e2', 11, '0'), row('3', 'e3', 4, '7'), row('4', 'e4', null, null)],
      new Map([
        ['e1', [{ partition: 11, offset: '0' }]],
        ['e3', [{ partition: 4, offset: '7' }]],
        ['e4', [{ partition: 2, offset: '9' }]],
      ]),
    );
    expect(verdicts.inPlace).toBe(2);
    expect(verdicts.misplaced).toEqual([{ id: '4', partition: 2, offset: '9' }]);
    expect(verdicts.missing.map((r) => r.id)).toEqual(['2']);
    expect(verdicts.duplicated.size).toBe(0);
  });

  it('reports an event written twice, and keeps a row that points at either copy', () => {
    const copies = [
      { partition: 1, offset: '3' },
      { partition: 1, offset: '5' },
    ];
    const verdicts = judgeOutbox([row('1', 'e1', 1, '5')], new Map([['e1', copies]]));
    expect(verdicts.inPlace).toBe(1);
    expect(verdicts.duplicated.get('e1')).toEqual(copies);
  });
});
