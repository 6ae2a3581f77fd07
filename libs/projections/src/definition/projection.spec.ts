import { defineProjection, ProjectionSpec } from './projection';

const spec = (batchWindowMs?: number): ProjectionSpec<'shopstream.orders.OrderPlaced'> => ({
  name: 'windowed',
  version: 1,
  description: 'a projection to define',
  events: ['shopstream.orders.OrderPlaced'],
  tables: [],
  ...(batchWindowMs === undefined ? {} : { batchWindowMs }),
  apply: () => Promise.resolve(),
});

describe('defineProjection', () => {
  it('takes a batch window of whole milliseconds, or none', () => {
    expect(defineProjection(spec()).batchWindowMs).toBeUndefined();
    expect(defineProjection(spec(1_000)).batchWindowMs).toBe(1_000);
  });

  it.each([-1, 0.5, 60_001, Number.NaN])('refuses a batch window of %p, saying what it takes', (window) => {
    expect(() => defineProjection(spec(window))).toThrow(
      /projection windowed: batchWindowMs must be whole milliseconds from 0 to 60000/,
    );
  });
});
