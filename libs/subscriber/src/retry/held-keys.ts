/**
 * Per-key order under non-blocking retries. While an event of a key waits in a retry stage, every later event of
 * that key is moved behind it instead of being handled. The invariant that makes this hold: of one key's waiting
 * events, those in a later stage are older than those in an earlier one, and within a stage they are in partition
 * order. So a new event of a held key joins the earliest stage that holds one (it lands behind all of them), and an
 * event read from stage s may run only when no later stage holds one of its key; otherwise it moves on to s + 1.
 *
 * The counts live in the process that runs the main and retry consumers of the group: with one instance the order
 * holds across every stage; see docs/subscribe.md for what a restart or a second instance changes.
 */
export class HeldKeys {
  private readonly waiting = new Map<string, number[]>();

  constructor(private readonly stages: number) {}

  /** For an event read from its own topic: the stage it must join, or null when its key has nothing waiting. */
  stageToJoin(key: string): number | null {
    const counts = this.waiting.get(key);
    if (!counts) return null;
    const stage = counts.findIndex((c) => c > 0);
    return stage === -1 ? null : stage;
  }

  /** For an event read from `stage`: true when an older event of its key waits in a later stage. */
  mustMoveOn(key: string, stage: number): boolean {
    const counts = this.waiting.get(key);
    return counts !== undefined && counts.some((c, s) => s > stage && c > 0);
  }

  /** An event of `key` is being sent to `stage`; counted before the send, so it is never read before it is known. */
  entering(key: string, stage: number): void {
    const counts = this.waiting.get(key) ?? new Array<number>(this.stages).fill(0);
    counts[stage] = (counts[stage] ?? 0) + 1;
    this.waiting.set(key, counts);
  }

  /** An event of `key` left `stage`: handled, moved on, dead-lettered, or its send failed. */
  left(key: string, stage: number): void {
    const counts = this.waiting.get(key);
    if (!counts || !counts[stage]) return;
    counts[stage] -= 1;
    if (counts.every((c) => c === 0)) this.waiting.delete(key);
  }

  /** How many keys have events waiting. */
  get size(): number {
    return this.waiting.size;
  }
}
