import { encodeConsistencyToken } from '@shopstream/queries';
import { readPosition } from './read-position';

const options = { defaultTopic: 'shopstream.orders', defaultWaitMs: 2_000, maxWaitMs: 10_000 };

describe('readPosition', () => {
  it('takes the token from the header or ?after=, with the default wait', () => {
    const token = encodeConsistencyToken([{ topic: 'shopstream.orders', partition: 1, offset: 5n }]);
    expect(readPosition(token, undefined, undefined, options)).toEqual({
      position: { positions: [{ topic: 'shopstream.orders', partition: 1, offset: 5n }], waitMs: 2_000 },
      problems: [],
    });
    expect(readPosition(undefined, '1:5', '0', options).position?.waitMs).toBe(0);
  });

  it('is null without a token, whatever the wait', () => {
    expect(readPosition(undefined, undefined, '100', options).position).toBeNull();
  });

  it('names every invalid part', () => {
    const { position, problems } = readPosition('nope', ['1:2', '1:3'], '10001', options);
    expect(position).toBeNull();
    expect(problems.map((p) => p.field)).toEqual(['X-Min-Position', 'after', 'waitMs']);
  });
});
