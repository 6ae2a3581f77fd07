import { ProjectionSlot } from '../checkpoints/checkpoint-store';
import { AppliedPositions } from './applied-notification';
import { AppliedPositionsStore, slotKey } from './applied-positions.store';
import { PositionWaitSaturatedError } from './position-wait.errors';

/** An event a reader wants reflected: the projection must have applied `offset` on its slot. */
export interface WantedPosition extends ProjectionSlot {
  readonly offset: bigint;
}

/** How far one wanted position is from being applied. */
export interface PositionShortfall extends WantedPosition {
  /** The next offset the projection will apply there; null when it has applied nothing on that partition. */
  readonly nextOffset: bigint | null;
  /** Events still to apply up to and including the wanted one. */
  readonly eventsBehind: bigint;
}

export type PositionWaitResult =
  { readonly applied: true } | { readonly applied: false; readonly behind: readonly PositionShortfall[] };

export interface PositionWaiterSettings {
  /** How often the one shared check runs while anyone waits and commits are not heard (see `hearing`). */
  readonly pollMs: number;
  /** Requests waiting at once; one more is refused rather than queued. */
  readonly maxWaiting: number;
  /**
   * While commits are heard, the check still runs this often (250 ms unless told), for a change no checkpoint
   * statement announces (a version made active). Each wake-up is otherwise the commit's own notification.
   */
  readonly heardPollMs?: number;
}

interface Waiter {
  readonly wanted: readonly WantedPosition[];
  readonly deadline: number;
  /** The furthest next offset found for each wanted slot, by a check or a commit's notification. */
  readonly known: Map<string, bigint>;
  /** What the last check found, answered if the request aborts before the next one. */
  last: PositionWaitResult;
  readonly finish: (result: PositionWaitResult) => void;
}

/**
 * Read-your-writes waits for a whole process: every waiting request registers what it wants, and one shared check
 * reads every wanted slot's checkpoint in one statement and wakes all the waiters it satisfies, so a thousand
 * waiters cost what one does. The check runs when a waiter arrives, when a commit that moved a wanted projection is
 * heard (`applied`, from the checkpoints' notifications: no poll interval between the commit and the answer), and
 * otherwise every `pollMs` (`heardPollMs` while commits are heard), only while someone waits. A notification that
 * carries the positions its commit reached answers the waiters it satisfies with no check at all.
 */
export class PositionWaiter {
  private readonly waiters = new Set<Waiter>();
  private timer: NodeJS.Timeout | null = null;
  /** A check is under way; `again`: something it may not have seen happened meanwhile, check once more after it. */
  private checking = false;
  private again = false;
  private heard = false;
  private closed = false;

  constructor(
    private readonly store: AppliedPositionsStore,
    readonly settings: PositionWaiterSettings,
    private readonly onCheckFailed: (error: unknown) => void = () => undefined,
  ) {}

  /** Requests waiting now. */
  get waiting(): number {
    return this.waiters.size;
  }

  /** Whether the positions are applied now, without waiting: the "not yet" answer a client may ask for. */
  async appliedNow(wanted: readonly WantedPosition[]): Promise<PositionWaitResult> {
    return evaluate(wanted, await this.store.nextOffsets(wanted));
  }

  /**
   * Resolves once every position is applied, or with how far behind they are when `timeoutMs` runs out or `signal`
   * aborts. Throws PositionWaitSaturatedError when `maxWaiting` requests already wait.
   */
  async waitUntilApplied(
    wanted: readonly WantedPosition[],
    options: { readonly timeoutMs: number; readonly signal?: AbortSignal },
  ): Promise<PositionWaitResult> {
    if (wanted.length === 0) return { applied: true };
    if (this.waiters.size >= this.settings.maxWaiting)
      throw new PositionWaitSaturatedError(this.settings.maxWaiting);
    return new Promise<PositionWaitResult>((resolve) => {
      const waiter: Waiter = {
        wanted,
        deadline: Date.now() + options.timeoutMs,
        known: new Map(),
        last: evaluate(wanted, new Map()),
        finish: (result) => {
          if (!this.waiters.delete(waiter)) return;
          options.signal?.removeEventListener('abort', abort);
          resolve(result);
        },
      };
      const abort = () => waiter.finish(waiter.last);
      this.waiters.add(waiter);
      if (options.signal?.aborted || this.closed) return abort();
      options.signal?.addEventListener('abort', abort, { once: true });
      // Checked at once: a projection already past the position answers without waiting for a wake-up.
      this.checkSoon();
    });
  }

  /**
   * Whether commits are heard now (a LISTEN session on the checkpoints' channel is connected). On reconnecting,
   * everything waiting is checked: what committed while nobody listened was not heard.
   */
  hearing(heard: boolean): void {
    this.heard = heard;
    if (heard) this.checkSoon();
  }

  /**
   * A commit moved `projection`'s checkpoints. With the positions its active version reached, the waiters they
   * satisfy are answered at once; without them, everything waiting for the projection is checked at once.
   */
  applied(projection: string, positions: AppliedPositions | null = null): void {
    if (!positions) {
      for (const w of this.waiters)
        if (w.wanted.some((p) => p.projection === projection)) return this.checkSoon();
      return;
    }
    const reached = new Map<string, bigint>();
    for (const slot of positions.slots) reached.set(slotKey({ projection, ...slot }), slot.nextOffset);
    for (const w of [...this.waiters]) {
      if (!w.wanted.some((p) => p.projection === projection)) continue;
      learn(w, reached);
      if (w.last.applied) w.finish(w.last);
    }
  }

  /** Answers every waiter with where things stand and stops checking. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const w of [...this.waiters]) w.finish(evaluate(w.wanted, new Map()));
  }

  /** A check now, or right after the one under way (which may have read the checkpoints too early). */
  private checkSoon(): void {
    if (this.closed || this.waiters.size === 0) return;
    if (this.checking) this.again = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    this.timer = null;
    this.checking = true;
    this.again = false;
    const waiters = [...this.waiters];
    const slots = new Map<string, ProjectionSlot>();
    for (const w of waiters) for (const p of w.wanted) slots.set(slotKey(p), p);
    let offsets: Map<string, bigint> | null = null;
    try {
      offsets = await this.store.nextOffsets([...slots.values()]);
    } catch (error) {
      // The database is unreachable: waiters run out their time and are answered as behind.
      this.onCheckFailed(error);
    }
    const now = Date.now();
    for (const w of waiters) {
      if (offsets) learn(w, offsets);
      if (w.last.applied || w.deadline <= now) w.finish(w.last);
    }
    this.checking = false;
    if (this.waiters.size === 0 || this.closed) return;
    if (this.again) return this.schedule(0);
    let firstDeadline = Infinity;
    for (const w of this.waiters) firstDeadline = Math.min(firstDeadline, w.deadline);
    const interval = this.heard ? (this.settings.heardPollMs ?? 250) : this.settings.pollMs;
    this.schedule(Math.max(0, Math.min(interval, firstDeadline - now)));
  }
}

/**
 * Keeps the furthest offset of each slot the waiter wants, from a check or a notification, and evaluates it again:
 * a check that read the checkpoints just before a commit its notification already told of does not undo it.
 */
function learn(w: Waiter, offsets: ReadonlyMap<string, bigint>): void {
  for (const p of w.wanted) {
    const key = slotKey(p);
    const next = offsets.get(key);
    const before = w.known.get(key);
    if (next !== undefined && (before === undefined || next > before)) w.known.set(key, next);
  }
  w.last = evaluate(w.wanted, w.known);
}

/** Which wanted positions the offsets do not cover yet, and by how many events. */
export function evaluate(
  wanted: readonly WantedPosition[],
  nextOffsets: ReadonlyMap<string, bigint>,
): PositionWaitResult {
  const behind: PositionShortfall[] = [];
  for (const p of wanted) {
    const next = nextOffsets.get(slotKey(p)) ?? null;
    if (next !== null && next > p.offset) continue;
    behind.push({ ...p, nextOffset: next, eventsBehind: p.offset + 1n - (next ?? 0n) });
  }
  return behind.length === 0 ? { applied: true } : { applied: false, behind };
}
