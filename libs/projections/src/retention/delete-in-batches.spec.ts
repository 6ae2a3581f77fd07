import { deleteInBatches } from './delete-in-batches';

describe('deleteInBatches', () => {
  it('deletes batch after batch until one comes back short', async () => {
    const sizes = [3, 3, 1];
    const asked: number[] = [];
    const result = await deleteInBatches(
      (limit) => {
        asked.push(limit);
        return Promise.resolve(sizes.shift() ?? 0);
      },
      { batchSize: 3, stopped: () => false },
    );
    expect(result).toEqual({ deleted: 7, batches: 3, finished: true });
    expect(asked).toEqual([3, 3, 3]);
  });

  it('stops between batches when asked to', async () => {
    let calls = 0;
    const result = await deleteInBatches(
      () => {
        calls++;
        return Promise.resolve(5);
      },
      { batchSize: 5, stopped: () => calls >= 2 },
    );
    expect(result).toEqual({ deleted: 10, batches: 2, finished: false });
  });
});
