/**
 * Zipf-distributed ranks: rank k (0-based) is drawn with probability proportional to 1 / (k + 1)^s. A few products
 * sell most, as in real shops. Sampling is a binary search over the cumulative weights.
 */
export class Zipf {
  private readonly cumulative: number[];

  constructor(
    readonly size: number,
    readonly exponent = 1.1,
  ) {
    if (size < 1) throw new Error('Zipf needs at least one rank');
    let sum = 0;
    this.cumulative = Array.from({ length: size }, (_, k) => (sum += 1 / (k + 1) ** exponent));
  }

  /** A rank in [0, size) from a uniform number in [0, 1). */
  sample(uniform: number): number {
    const target = uniform * this.cumulative[this.size - 1]!;
    let lo = 0;
    let hi = this.size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
