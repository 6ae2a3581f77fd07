import { SqlExecutor } from '@shopstream/database';
import { Logger } from '@nestjs/common';
import { appliedPositions, ProjectionSlot } from '@shopstream/projections';
import { orderSummaryVersions } from '@shopstream/read-models';
import { ReadWaitSaturatedError } from './read-wait.errors';

/** What a reader waits for: a projection past an offset, or order_summary at a version of one order. */
export type ReadCondition =
  | { readonly kind: 'applied'; readonly slot: ProjectionSlot; readonly offset: bigint }
  | { readonly kind: 'summary-version'; readonly orderId: string; readonly version: number };

export interface ReadWaitSettings {
  /** How long one request may wait in all before it is answered as behind. */
  readonly limitMs: number;
  /** How often the one shared check runs while anyone waits. */
  readonly pollMs: number;
  /** Requests waiting at once; one more is refused (503) rather than queued. */
  readonly maxWaiting: number;
}

interface Waiter {
  readonly deadline: number;
  readonly resolve: (reached: boolean) => void;
}

interface Group {
  readonly condition: ReadCondition;
  readonly waiters: Set<Waiter>;
}

const keyOf = (c: ReadCondition): string =>
  c.kind === 'applied'
    ? `applied\u0000${c.slot.projection}\u0000${c.slot.topic}\u0000${c.slot.partition}\u0000${c.offset}`
    : `version\u0000${c.orderId}\u0000${c.version}`;

/**
 * Read-your-writes waits, shared: every waiting request registers what it waits for, and one loop checks all of it
 * in one statement per kind per tick (not a poll per request), so any number of waiters costs one connection of the
 * pool at a time. Requests waiting for the same thing share one entry. Beyond `maxWaiting` a request is refused.
 */
export class ReadWait {
  private readonly groups = new Map<string, Group>();
  private timer: NodeJS.Timeout | null = null;
  private active = 0;
  private closed = false;
  private readonly logger = new Logger('read-wait');

  constructor(
    private readonly sql: SqlExecutor,
    readonly settings: ReadWaitSettings,
  ) {}

  /** Requests waiting now. */
  get waiting(): number {
    return this.active;
  }

  /**
   * Runs one request's wait: `until` resolves true once its condition holds, false once the request's time is up.
   * Throws ReadWaitSaturatedError when `maxWaiting` requests already wait.
   */
  async run<T>(work: (until: (condition: ReadCondition) => Promise<boolean>) => Promise<T>): Promise<T> {
    if (this.active >= this.settings.maxWaiting) throw new ReadWaitSaturatedError(this.settings.maxWaiting);
    this.active++;
    const deadline = Date.now() + this.settings.limitMs;
    try {
      return await work((condition) => this.until(condition, deadline));
    } finally {
      this.active--;
    }
  }

  /** Answers every waiter as not reached and stops checking. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const group of this.groups.values()) for (const w of group.waiters) w.resolve(false);
    this.groups.clear();
  }

  private until(condition: ReadCondition, deadline: number): Promise<boolean> {
    if (this.closed || Date.now() >= deadline) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const key = keyOf(condition);
      const group = this.groups.get(key) ?? { condition, waiters: new Set<Waiter>() };
      this.groups.set(key, group);
      group.waiters.add({ deadline, resolve });
      // Checked at once: a read model already past the position answers without a poll interval's delay.
      if (!this.timer) this.schedule(0);
    });
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    const groups = [...this.groups.entries()];
    try {
      const reached = await this.check(groups.map(([, g]) => g.condition));
      groups.forEach(([key, group], i) => {
        if (!reached[i]) return;
        for (const w of group.waiters) w.resolve(true);
        this.groups.delete(key);
      });
    } catch (error) {
      // The read models' database is unreachable: waiters run out their time and are answered as behind.
      this.logger.warn(
        `checking read positions failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const now = Date.now();
    for (const [key, group] of this.groups) {
      for (const w of group.waiters) {
        if (w.deadline > now) continue;
        w.resolve(false);
        group.waiters.delete(w);
      }
      if (group.waiters.size === 0) this.groups.delete(key);
    }
    this.timer = null;
    if (this.groups.size > 0 && !this.closed) this.schedule(this.settings.pollMs);
  }

  /** Whether each condition holds, with one statement per kind. */
  private async check(conditions: readonly ReadCondition[]): Promise<boolean[]> {
    const slots = new Map<string, ProjectionSlot>();
    const orderIds = new Set<string>();
    for (const c of conditions) {
      if (c.kind === 'applied') slots.set(slotKey(c.slot), c.slot);
      else orderIds.add(c.orderId);
    }
    const [positions, versions] = await Promise.all([
      appliedPositions(this.sql, [...slots.values()]),
      orderSummaryVersions(this.sql, [...orderIds]),
    ]);
    const next = new Map(positions.map((p) => [slotKey(p.slot), p.nextOffset]));
    return conditions.map((c) => {
      if (c.kind === 'summary-version') return (versions.get(c.orderId) ?? -1) >= c.version;
      const at = next.get(slotKey(c.slot));
      return at !== undefined && at > c.offset;
    });
  }
}

const slotKey = (s: ProjectionSlot) => `${s.projection}\u0000${s.topic}\u0000${s.partition}`;
