/**
 * Gathers the batches kafkajs hands over together (one fetch: every partition with news, all at once) so they are
 * applied in one transaction. At the head of the log a partition's batch is a few events and its cost is the
 * transaction, not the events: twelve partitions in one commit instead of twelve.
 *
 * Members join in the same turn of the event loop; the group is applied on the next one (setImmediate), after
 * every handler of the fetch has joined. A member learns whether it was applied with the group or must be applied
 * on its own (the group failed, for whatever reason: the lone path knows how to park, retry and follow a moved
 * checkpoint).
 */
export class CommitGroup<M> {
  private waiting: { member: M; settle: (applied: boolean) => void }[] = [];
  private weight = 0;
  private scheduled = false;

  constructor(
    private readonly applyAll: (members: readonly M[]) => Promise<void>,
    /** Most events one group may hold; a member that would overflow it goes alone. */
    private readonly capacity: () => number,
  ) {}

  join(member: M, weight: number): Promise<boolean> {
    if (this.waiting.length > 0 && this.weight + weight > this.capacity()) return Promise.resolve(false);
    return new Promise((settle) => {
      this.waiting.push({ member, settle });
      this.weight += weight;
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const group = this.waiting;
    this.waiting = [];
    this.weight = 0;
    this.scheduled = false;
    let applied = false;
    try {
      await this.applyAll(group.map((g) => g.member));
      applied = true;
    } catch {
      // Each member goes on alone and meets the failure again there, where it is retried, parked or reported.
    }
    for (const g of group) g.settle(applied);
  }
}
