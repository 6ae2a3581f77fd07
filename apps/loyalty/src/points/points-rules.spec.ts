import { pointsForPayment, pointsForRefund } from './points-rules';

describe('points rules', () => {
  it('gives a point per whole unit paid, nothing for cents', () => {
    expect([0, 99, 100, 1_999, 2_000].map(pointsForPayment)).toEqual([0, 0, 1, 19, 20]);
  });

  it('takes back the points of a refund', () => {
    expect(pointsForRefund(1_550)).toBe(-15);
    expect(pointsForPayment(1_550) + pointsForRefund(1_550)).toBe(0);
  });
});
