/**
 * When a lane analyzes its tables. PostgreSQL plans a query on a table without statistics as if it were tiny: the
 * sales read models' order-book join then became a hash join over a sequential scan of every order line, in every
 * transaction, and a prepared statement keeps that plan until the table's statistics change. Autovacuum updates
 * them, but may be off (it is on this project's CI machines), and lags a table that grows from empty in a minute, as
 * a new read model or a rebuild's shadow does. So a lane analyzes after its first `first` events, and again each
 * time it has applied as many again as at the last analyze: a handful of times over a bulk load, rarely after.
 */
export class StatisticsSchedule {
  private applied = 0;
  private next: number;

  constructor(private readonly first = 1_000) {
    this.next = first;
  }

  /** Counts applied events; true when the tables should be analyzed now. */
  record(events: number): boolean {
    this.applied += events;
    if (this.applied < this.next) return false;
    this.next = Math.max(this.first, this.applied * 2);
    return true;
  }
}
