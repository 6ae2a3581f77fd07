import { z } from 'zod';
import { unknownParameters } from './parse-request';

describe('unknownParameters', () => {
  it('names each parameter the endpoint does not take, with those it does', () => {
    const problems = unknownParameters(z.object({ limit: z.string(), status: z.string() }), {
      limit: '5',
      limt: '5',
    });
    expect(problems).toEqual([
      { field: 'limt', message: 'unknown parameter; this endpoint takes limit, status, after, waitMs' },
    ]);
  });

  it('reads the keys through intersections, refinements, pipes and defaults', () => {
    const range = z.object({ from: z.string(), to: z.string() }).superRefine(() => undefined);
    const schema = z
      .object({ granularity: z.string().default('day') })
      .and(range)
      .superRefine(() => undefined);
    expect(unknownParameters(schema, { from: 'a', to: 'b', granularity: 'day' })).toEqual([]);
    expect(unknownParameters(schema, { from: 'a', zz: '1' }).map((p) => p.field)).toEqual(['zz']);
  });

  it('takes nothing on an endpoint without query parameters', () => {
    expect(unknownParameters(undefined, { q: '1' }).map((p) => p.field)).toEqual(['q']);
    expect(unknownParameters(undefined, {})).toEqual([]);
  });
});
