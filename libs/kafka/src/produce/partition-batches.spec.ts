import { PartitionedRecord, planPartitionBatches } from './partition-batches';

const on = (partition: number, value: string): PartitionedRecord => ({
  topic: 'orders',
  partition,
  key: `k${partition}`,
  value: Buffer.from(value),
});
const shape = (plan: ReturnType<typeof planPartitionBatches>) =>
  Object.fromEntries(
    [...plan].map(([slot, batches]) => [
      slot,
      batches.map((b) => ({ values: b.records.map((r) => r.value.toString()), indexes: b.indexes })),
    ]),
  );

describe('planPartitionBatches', () => {
  it('makes one batch per partition, keeping each partition’s records in the order given', () => {
    const plan = planPartitionBatches([on(0, 'a'), on(1, 'b'), on(0, 'c')], new Map());
    expect(shape(plan)).toEqual({
      'orders/0': [{ values: ['a', 'c'], indexes: [0, 2] }],
      'orders/1': [{ values: ['b'], indexes: [1] }],
    });
  });

  it('sends the batch in doubt alone first when the caller’s leading records are that batch', () => {
    const plan = planPartitionBatches(
      [on(1, 'a'), on(1, 'b'), on(1, 'c')],
      new Map([['orders/1', [on(1, 'a'), on(1, 'b')]]]),
    );
    expect(shape(plan)).toEqual({
      'orders/1': [
        { values: ['a', 'b'], indexes: [0, 1] },
        { values: ['c'], indexes: [2] },
      ],
    });
  });

  it('sends the batch in doubt on its own, answering no caller, when the caller’s records differ from it', () => {
    const plan = planPartitionBatches(
      [on(1, 'a'), on(1, 'c')],
      new Map([['orders/1', [on(1, 'a'), on(1, 'b')]]]),
    );
    expect(shape(plan)).toEqual({
      'orders/1': [
        { values: ['a', 'b'], indexes: null },
        { values: ['a', 'c'], indexes: [0, 1] },
      ],
    });
  });

  it('leaves a batch in doubt alone while the caller sends nothing to its partition', () => {
    const plan = planPartitionBatches([on(0, 'a')], new Map([['orders/1', [on(1, 'b')]]]));
    expect([...plan.keys()]).toEqual(['orders/0']);
  });
});
