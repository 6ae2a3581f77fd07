import { compareStatuses } from './status-comparison';

describe('compareStatuses', () => {
  it('counts both sides per status and lists the orders they disagree on', () => {
    const result = compareStatuses(
      new Map([
        ['a', 'DELIVERED'],
        ['b', 'PENDING'],
        ['c', 'PAID'],
        ['d', 'CANCELLED'],
      ]),
      new Map([
        ['a', 'DELIVERED'],
        ['b', 'PLACED'],
        ['c', 'CONFIRMED'],
        ['x', 'PAID'],
      ]),
    );
    expect(result.simulator).toEqual({ DELIVERED: 1, PENDING: 1, PAID: 1, CANCELLED: 1 });
    expect(result.readModels).toEqual({ DELIVERED: 1, PENDING: 1, CONFIRMED: 1 });
    expect(result.differences).toEqual([
      { orderId: 'c', simulator: 'PAID', readModels: 'CONFIRMED' },
      { orderId: 'd', simulator: 'CANCELLED', readModels: null },
    ]);
  });
});
