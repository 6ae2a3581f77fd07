import { decodeCursor, encodeCursor, InvalidCursorError, toPage } from './cursor';

describe('cursor', () => {
  it('round-trips the sort key of its listing', () => {
    const cursor = encodeCursor('orders', ['2026-12-05T06:00:00.000Z', 'order-1']);
    expect(decodeCursor('orders', cursor, 2)).toEqual(['2026-12-05T06:00:00.000Z', 'order-1']);
  });

  it.each([
    ['another listing', encodeCursor('movements', ['a', 'b'])],
    ['a key of another length', encodeCursor('orders', ['a'])],
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('{').toString('base64url')],
  ])('refuses a cursor of %s', (_, cursor) => {
    expect(() => decodeCursor('orders', cursor, 2)).toThrow(InvalidCursorError);
  });

  it('says a next page follows only when the store found one row more than the limit', () => {
    const rows = [1, 2, 3];
    const more = toPage(
      rows,
      2,
      'n',
      (r) => [String(r)],
      (r) => r * 10,
    );
    expect(more.items).toEqual([10, 20]);
    expect(decodeCursor('n', more.nextCursor!, 1)).toEqual(['2']);
    expect(
      toPage(
        rows,
        3,
        'n',
        (r) => [String(r)],
        (r) => r,
      ).nextCursor,
    ).toBeNull();
  });
});
