import { seededRandom } from './order-flow-history';
import { Zipf } from './zipf';

describe('Zipf', () => {
  it('draws rank 0 about twice as often as rank 1 with exponent 1, and never leaves the range', () => {
    const zipf = new Zipf(100, 1);
    const random = seededRandom(3);
    const counts = new Array<number>(100).fill(0);
    for (let i = 0; i < 200_000; i++) counts[zipf.sample(random())]!++;
    expect(counts[0]! / counts[1]!).toBeGreaterThan(1.8);
    expect(counts[0]! / counts[1]!).toBeLessThan(2.2);
    expect(counts.every((c) => c > 0)).toBe(true);
  });

  it('maps the ends of [0, 1) to the first and last rank', () => {
    const zipf = new Zipf(10);
    expect(zipf.sample(0)).toBe(0);
    expect(zipf.sample(0.999999999)).toBe(9);
  });
});
