/**
 * A lane's work between the fetches that bring it and the transactions that apply it: one transaction at a time,
 * each taking every member waiting when it starts, up to the capacity of one transaction. A fetch's handlers add
 * their members and go back to Kafka for the next fetch at once, so a lane applies at its own pace: a quick read
 * model no longer waits for the slowest one of the fetch before its next transaction, and the fetch overlaps the
 * writes.
 *
 * Members added in one turn of the event loop (every partition of a fetch) start together: the first transaction
 * begins on the next turn (setImmediate). Later ones begin as soon as the one before has finished, with whatever
 * arrived meanwhile. `apply` deals with its own failures; the queue only orders and batches.
 */
export class LaneQueue<M> {
  private waiting: { member: M; weight: number }[] = [];
  private weight = 0;
  private running: Promise<void> | undefined;
  private taken: (() => void)[] = [];

  constructor(
    private readonly apply: (members: readonly M[]) => Promise<void>,
    /** Most events one transaction may hold, and so the most the queue holds before it asks for patience. */
    private readonly capacity: () => number,
  ) {}

  /** Whether `weight` more events fit now; the first member always fits an empty queue. */
  hasRoom(weight: number): boolean {
    return this.waiting.length === 0 || this.weight + weight <= this.capacity();
  }

  /** Resolves once the next transaction has taken members out of the queue (there may be room then). */
  nextTake(): Promise<void> {
    return new Promise((resolve) => this.taken.push(resolve));
  }

  add(member: M, weight: number): void {
    this.waiting.push({ member, weight });
    this.weight += weight;
    this.running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
  }

  /** Resolves once nothing is waiting and no transaction is under way. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
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
        await this.apply(members);
      }
    } finally {
      this.running = undefined;
      for (const resolve of this.taken.splice(0)) resolve();
    }
  }
}
