import { LanePositions, nextAfter, slotOf } from './lane-positions';

describe('LanePositions', () => {
  it('keys a partition by topic and number', () => {
    expect(slotOf({ topic: 'shopstream.orders', partition: 3 })).toBe('shopstream.orders/3');
  });

  it('places the next offset after the last event', () => {
    expect(nextAfter([{ offset: '7' }, { offset: '9' }])).toBe(10n);
  });

  it('never moves a partition back behind what is already queued', () => {
    const positions = new LanePositions();
    positions.set('t/0', 120n);
    positions.raiseTo('t/0', 100n);
    expect(positions.get('t/0')).toBe(120n);
    positions.raiseTo('t/0', 150n);
    expect(positions.get('t/0')).toBe(150n);
  });

  it('takes a position it did not know yet', () => {
    const positions = new LanePositions();
    positions.raiseTo('t/1', 5n);
    expect(positions.get('t/1')).toBe(5n);
  });

  it('forgets every position and starts a new generation on a rebalance', () => {
    const positions = new LanePositions();
    positions.set('t/0', 10n);
    const before = positions.generation;
    positions.newGeneration();
    expect(positions.get('t/0')).toBeUndefined();
    expect(positions.generation).toBe(before + 1);
  });

  it('forgets one partition, leaving the others', () => {
    const positions = new LanePositions();
    positions.set('t/0', 10n);
    positions.set('t/1', 20n);
    positions.forget('t/0');
    expect(positions.get('t/0')).toBeUndefined();
    expect(positions.get('t/1')).toBe(20n);
  });
});
