import { StatisticsSchedule } from './statistics-schedule';
import { TableStatistics } from './table-statistics';

const deferred = () => {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('TableStatistics', () => {
  it('analyzes once the schedule says so, not before', async () => {
    const analyze = jest.fn(() => Promise.resolve());
    const statistics = new TableStatistics(analyze, jest.fn(), new StatisticsSchedule(100));
    statistics.applied(60);
    expect(analyze).not.toHaveBeenCalled();
    statistics.applied(60);
    expect(analyze).toHaveBeenCalledTimes(1);
    await statistics.settled();
  });

  it('starts no second analyze while one is under way', async () => {
    const running = deferred();
    const analyze = jest.fn(() => running.promise);
    const statistics = new TableStatistics(analyze, jest.fn(), new StatisticsSchedule(10));
    statistics.applied(10);
    statistics.applied(1_000);
    expect(analyze).toHaveBeenCalledTimes(1);
    running.resolve();
    await statistics.settled();
  });

  it('reports a failed analyze and lets settled() resolve', async () => {
    const failure = new Error('permission denied for table');
    const failed = jest.fn();
    const statistics = new TableStatistics(() => Promise.reject(failure), failed, new StatisticsSchedule(1));
    statistics.applied(1);
    await statistics.settled();
    expect(failed).toHaveBeenCalledWith(failure);
  });
});
