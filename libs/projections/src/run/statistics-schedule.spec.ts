import { StatisticsSchedule } from './statistics-schedule';

describe('StatisticsSchedule', () => {
  it('asks for an analyze after the first events, then each time the count has doubled', () => {
    const schedule = new StatisticsSchedule(1_000);
    const asked: number[] = [];
    let total = 0;
    for (let i = 0; i < 100; i++) {
      total += 250;
      if (schedule.record(250)) asked.push(total);
    }
    expect(asked).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
  });

  it('asks once for a batch bigger than several steps', () => {
    const schedule = new StatisticsSchedule(1_000);
    expect(schedule.record(50_000)).toBe(true);
    expect(schedule.record(49_999)).toBe(false);
    expect(schedule.record(1)).toBe(true);
  });
});
