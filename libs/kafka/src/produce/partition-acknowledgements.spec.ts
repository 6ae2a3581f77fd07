import { acknowledgedPositions } from './partition-acknowledgements';

const orders = (partition: number) => ({ topic: 'orders', partition });

describe('acknowledgedPositions', () => {
  it('places each record at its partition base offset plus its rank among that partition’s records', () => {
    const result = acknowledgedPositions(
      [orders(0), orders(1), orders(0), { topic: 'payments', partition: 0 }],
      [
        { topicName: 'orders', partition: 0, errorCode: 0, baseOffset: '40' },
        { topicName: 'orders', partition: 1, errorCode: 0, baseOffset: '7' },
        { topicName: 'payments', partition: 0, errorCode: 0, baseOffset: '0' },
      ],
    );
    expect([...result.offsets.entries()]).toEqual([
      [0, '40'],
      [1, '7'],
      [2, '41'],
      [3, '0'],
    ]);
    expect(result.unacknowledged).toEqual([]);
  });

  it('does not place a record at offset 0 when its partition is missing from the answer', () => {
    const result = acknowledgedPositions(
      [orders(0), orders(11), orders(11)],
      [{ topicName: 'orders', partition: 0, errorCode: 0, baseOffset: '5' }],
    );
    expect([...result.offsets.entries()]).toEqual([[0, '5']]);
    expect(result.unacknowledged).toEqual([1, 2]);
  });

  it('does not take a partition answered with an error or without a real base offset as written', () => {
    const result = acknowledgedPositions(
      [orders(0), orders(1), orders(2)],
      [
        { topicName: 'orders', partition: 0, errorCode: 6, baseOffset: '5' },
        { topicName: 'orders', partition: 1, errorCode: 0 },
        { topicName: 'orders', partition: 2, errorCode: 0, baseOffset: '-1' },
      ],
    );
    expect(result.offsets.size).toBe(0);
    expect(result.unacknowledged).toEqual([0, 1, 2]);
  });

  it('does not confuse a partition of one topic with the same partition of another', () => {
    const result = acknowledgedPositions(
      [orders(3)],
      [{ topicName: 'payments', partition: 3, errorCode: 0, baseOffset: '9' }],
    );
    expect(result.unacknowledged).toEqual([0]);
  });
});
