import { StatisticsSchedule } from './statistics-schedule';

/**
 * Keeps the planner's statistics of a lane's tables current: counts what the lane applies and, when the schedule
 * says so, analyzes beside the lane's transactions, one analyze at a time. A failure is reported, never fatal:
 * queries keep their plans until the next analyze.
 */
export class TableStatistics {
  private analyzing: Promise<void> | undefined;

  constructor(
    private readonly analyze: () => Promise<void>,
    private readonly failed: (error: unknown) => void,
    private readonly schedule = new StatisticsSchedule(),
  ) {}

  /** Counts `events` applied; starts an analyze if one is due and none is under way. */
  applied(events: number): void {
    if (!this.schedule.record(events) || this.analyzing) return;
    this.analyzing = this.analyze()
      .then(
        () => undefined,
        (error: unknown) => this.failed(error),
      )
      .finally(() => (this.analyzing = undefined));
  }

  /** Resolves once no analyze is under way: before the pool is closed. */
  async settled(): Promise<void> {
    await this.analyzing;
  }
}
