/**
 * A lane's work between the fetches that bring it and the transactions that apply it: one transaction at a time,
 * each taking every member waiting when it starts, up to the capacity of one transaction. A fetch's handlers add
 * their members and go back to Kafka for the next fetch at once, so a lane applies at its own pace: a quick read
 * model no longer waits for the slowest one of the fetch before its next transaction, and the fetch overlaps the
 * writes.
 *
 * Members added in one turn of the event loop (every partition of a fetch) start together: the first transaction
 * begins on the next turn (setImmediate). Later ones begin as soon as the one before has finished, with whatever
 * arrived meanwhile. With a window, a transaction begins only once its oldest member has waited that long, or the
 * queue is full, or someone waits for the queue (idle, nextTake). With a pace, a transaction begins no sooner than
 * that long after the one before began (the same exceptions): a lane that was idle starts at once, and a busy lane
 * commits at most once per pace whatever the rate of fetches, each commit taking what the pace gathered. `apply`
 * deals with its own failures; the queue only orders and batches.
 */
export class LaneQueue<M> {
  private waiting: { member: M; weight: number; since: number }[] = [];
  private weight = 0;
  private running: Promise<void> | undefined;
  private taken: (() => void)[] = [];
  /** Ends the window or pace being waited out, if any. */
  private wake: (() => void) | undefined;
  private lastStart = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly apply: (members: readonly M[]) => Promise<void>,
    /** Most events one transaction may hold, and so the most the queue holds before it asks for patience. */
    private readonly capacity: () => number,
    /** How long a member may wait for others to share its transaction (Projection.batchWindowMs). */
    private readonly windowMs = 0,
    /** Least time between the starts of two transactions (ProjectionRunnerOptions.transactionPaceMs). */
    private readonly paceMs = 0,
  ) {}

  /** Whether `weight` more events fit now; the first member always fits an empty queue. */
  hasRoom(weight: number): boolean {
    return this.waiting.length === 0 || this.weight + weight <= this.capacity();
  }

  /** Resolves once the next transaction has taken members out of the queue (there may be room then). */
  nextTake(): Promise<void> {
    const take = new Promise<void>((resolve) => this.taken.push(resolve));
    this.wake?.();
    return take;
  }

  add(member: M, weight: number): void {
    this.waiting.push({ member, weight, since: Date.now() });
    this.weight += weight;
    if (this.weight >= this.capacity()) this.wake?.();
    this.running ??= this.gathered().then(() => this.drain());
  }

  /** Resolves once nothing is waiting and no transaction is under way; what waits out a window goes at once. */
  async idle(): Promise<void> {
    while (this.running) {
      this.wake?.();
      await this.running;
    }
  }

  /** Forgets what waits (a fatal failure or a revoked assignment: it will be fetched again); returns it. */
  clear(): M[] {
    const dropped = this.waiting.map((w) => w.member);
    this.waiting = [];
    this.weight = 0;
    return dropped;
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const capacity = this.capacity();
        let count = 0;
        let weight = 0;
        while (
          count < this.waiting.length &&
          (count === 0 || weight + this.waiting[count]!.weight <= capacity)
        )
          weight += this.waiting[count++]!.weight;
        const members = this.waiting.splice(0, count).map((w) => w.member);
        this.weight -= weight;
        for (const resolve of this.taken.splice(0)) resolve();
        this.lastStart = Date.now();
        await this.apply(members);
        if (this.waiting.length > 0 && (this.windowMs > 0 || this.paceMs > 0)) await this.gathered();
      }
    } finally {
      this.running = undefined;
      for (const resolve of this.taken.splice(0)) resolve();
    }
  }

  /**
   * Resolves when the next transaction may begin: on the next turn without a window or pace; with them, once the
   * oldest member has waited the window out and the pace since the last start has passed, unless the queue fills
   * or someone wakes it first.
   */
  private gathered(): Promise<void> {
    const now = Date.now();
    const window = this.windowMs > 0 ? this.waiting[0]!.since + this.windowMs - now : 0;
    const due = Math.max(window, this.lastStart + this.paceMs - now);
    if (due <= 0 || this.weight >= this.capacity())
      return new Promise<void>((resolve) => setImmediate(resolve));
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.wake?.(), due);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
