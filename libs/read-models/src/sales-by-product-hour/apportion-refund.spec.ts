import fc from 'fast-check';
import { apportionRefund } from './apportion-refund';

describe('apportionRefund', () => {
  it('splits by line value and gives the rounding remainder to the largest line', () => {
    expect(apportionRefund(100, [1000, 2000])).toEqual([33, 67]);
    expect(apportionRefund(10, [300, 300, 300])).toEqual([4, 3, 3]);
  });

  it('puts the whole amount on the first line when every line is free', () => {
    expect(apportionRefund(50, [0, 0])).toEqual([50, 0]);
  });

  it('never loses or invents a minor unit, even past 2^53 intermediate products', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        fc.array(fc.integer({ min: 0, max: 1e12 }), { minLength: 1, maxLength: 8 }),
        (amount, values) => {
          const shares = apportionRefund(amount, values);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(amount);
          expect(shares.every((s) => s >= 0)).toBe(true);
        },
      ),
    );
  });
});
