import { decodeConsistencyToken, encodeConsistencyToken } from './consistency-token';

const ORDERS = 'shopstream.orders';

describe('consistency token', () => {
  it('carries every position of a command, across topics, in a URL-safe string', () => {
    const positions = [
      { topic: ORDERS, partition: 3, offset: 1207n },
      { topic: 'shopstream.inventory', partition: 0, offset: 9_223_372_036_854_775_807n },
    ];
    const token = encodeConsistencyToken(positions);
    expect(token).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(decodeConsistencyToken(token, ORDERS)).toEqual(positions);
  });

  it('keeps only the latest offset of a partition', () => {
    const token = encodeConsistencyToken([
      { topic: ORDERS, partition: 1, offset: 5n },
      { topic: ORDERS, partition: 1, offset: 7n },
    ]);
    expect(decodeConsistencyToken(token, ORDERS)).toEqual([{ topic: ORDERS, partition: 1, offset: 7n }]);
  });

  it('still reads the older topic:partition:offset and partition:offset forms', () => {
    expect(decodeConsistencyToken('shopstream.payments:2:41', ORDERS)).toEqual([
      { topic: 'shopstream.payments', partition: 2, offset: 41n },
    ]);
    expect(decodeConsistencyToken('4:10', ORDERS)).toEqual([{ topic: ORDERS, partition: 4, offset: 10n }]);
  });

  it.each([
    ['garbage', 'latest', /not a consistency token/],
    ['a partition above int32', '2147483648:0', /partition must be at most/],
    ['an offset above int64', `${ORDERS}:0:9223372036854775808`, /offset must be at most/],
    ['a tampered body', 'p1.!!', /not a consistency token/],
    ['a body that is not positions', `p1.${Buffer.from('hello').toString('base64url')}`, /not a consistency/],
  ])('refuses %s, saying what to pass instead', (_, token, message) => {
    expect(() => decodeConsistencyToken(token, ORDERS)).toThrow(message);
    expect(() => decodeConsistencyToken(token, ORDERS)).toThrow(/consistencyToken.position/);
  });
});
