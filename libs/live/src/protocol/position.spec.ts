import { advance, decodePosition, encodePosition, offsetOf } from './position';

describe('position tokens', () => {
  it('round-trips an epoch and per-partition offsets', () => {
    const position = { epoch: 'v1-1733380000000', offsets: [0n, 42n, 9007199254740993n] };
    expect(decodePosition(encodePosition(position))).toEqual(position);
  });

  it.each(['', 'v1', 'v1:', 'v1:1,,2', 'V1:1', 'v1:-1', 'v1:1,x', 'v1:9223372036854775808'])(
    'rejects %p',
    (token) => expect(decodePosition(token)).toBeNull(),
  );

  it('reads a partition the position does not know as its start, and advances one partition only', () => {
    const position = { epoch: 'e', offsets: [3n, 4n] };
    expect(offsetOf(position, 5)).toBe(0n);
    expect(advance(position, 3, 9n).offsets).toEqual([3n, 4n, 0n, 9n]);
    expect(position.offsets).toEqual([3n, 4n]);
  });
});
