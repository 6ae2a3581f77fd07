import { parseAppliedNotification } from './applied-notification';

describe('parseAppliedNotification', () => {
  it('reads the positions a commit moved the active version to', () => {
    const payload = JSON.stringify({
      projection: 'stock_levels',
      version: 3,
      activatedMs: 1_796_000_000_000,
      slots: [
        ['shopstream.inventory', 4, '1207'],
        ['shopstream.orders', 0, '9007199254740993'],
      ],
    });
    expect(parseAppliedNotification(payload)).toEqual({
      projection: 'stock_levels',
      positions: {
        version: 3,
        activatedMs: 1_796_000_000_000,
        slots: [
          { topic: 'shopstream.inventory', partition: 4, nextOffset: 1207n },
          { topic: 'shopstream.orders', partition: 0, nextOffset: 9_007_199_254_740_993n },
        ],
      },
    });
  });

  it('takes a bare name as a projection without positions, as before the positions were sent', () => {
    expect(parseAppliedNotification('order_summary')).toEqual({
      projection: 'order_summary',
      positions: null,
    });
  });

  it('keeps the projection but no positions when the slots are malformed', () => {
    for (const slots of [[['t', 1]], [['t', '1', '2']], [['t', 1, 'x']], [['t', 1, 2]], 'slots'])
      expect(parseAppliedNotification(JSON.stringify({ projection: 'p', version: 1, slots }))).toEqual({
        projection: 'p',
        positions: null,
      });
  });

  it('reads a projection with no versions row as having no activation time', () => {
    const parsed = parseAppliedNotification(
      JSON.stringify({ projection: 'p', version: 1, activatedMs: null, slots: [['t', 0, '5']] }),
    );
    expect(parsed.positions?.activatedMs).toBeNull();
  });

  it('falls back to the payload as a name when it is not the JSON it looks like', () => {
    expect(parseAppliedNotification('{broken')).toEqual({ projection: '{broken', positions: null });
  });
});
