import { BatchSizer } from './batch-sizer';

describe('BatchSizer', () => {
  it('grows while full transactions stay under target, up to the maximum', () => {
    const sizer = new BatchSizer(50, 4_000, 250, 1_000);
    for (let i = 0; i < 10; i++) sizer.record(sizer.size, 100);
    expect(sizer.size).toBe(4_000);
  });

  it('halves after a slow transaction, never below the minimum', () => {
    const sizer = new BatchSizer(50, 4_000, 250, 1_000);
    sizer.record(1_000, 900);
    expect(sizer.size).toBe(500);
    for (let i = 0; i < 10; i++) sizer.record(sizer.size, 900);
    expect(sizer.size).toBe(50);
  });

  it('ignores small batches, which say nothing about capacity', () => {
    const sizer = new BatchSizer(50, 4_000, 250, 1_000);
    sizer.record(10, 5_000);
    expect(sizer.size).toBe(1_000);
  });
});
