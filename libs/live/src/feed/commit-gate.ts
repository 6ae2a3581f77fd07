import { ProjectionPosition, ProjectionPositionStore } from '../store/projection-position.store';

interface Waiter {
  readonly passed: (position: ProjectionPosition) => boolean;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * Holds an event back until the projection committed it: a client is only told what it can read back. One poll of
 * the checkpoints per interval serves every waiter, and only while someone waits.
 */
export class CommitGate {
  private readonly waiters = new Set<Waiter>();
  private timer: NodeJS.Timeout | null = null;
  private latest: ProjectionPosition | null = null;
  private stopped = false;

  constructor(
    private readonly store: ProjectionPositionStore,
    private readonly projection: string,
    private readonly topic: string,
    private readonly partitions: number,
    private readonly pollMs: number,
    private readonly onEpoch: (position: ProjectionPosition) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** The position the last check found. */
  get position(): ProjectionPosition | null {
    return this.latest;
  }

  /** Resolves once the projection's next offset on `partition` is past `offset`. */
  waitPast(partition: number, offset: bigint): Promise<void> {
    return this.waitUntil((position) => (position.offsets[partition] ?? 0n) > offset);
  }

  /** Resolves once the projection's position satisfies `passed`. */
  waitUntil(passed: (position: ProjectionPosition) => boolean): Promise<void> {
    if (this.latest && passed(this.latest)) return Promise.resolve();
    if (this.stopped) return Promise.reject(new Error('the live feed is stopping'));
    return new Promise((resolve, reject) => {
      this.waiters.add({ passed, resolve, reject });
      this.schedule();
    });
  }

  /** Fails every waiter, so a batch held at the gate ends and the reader can stop. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const waiter of this.waiters) waiter.reject(new Error('the live feed is stopping'));
    this.waiters.clear();
  }

  private schedule(): void {
    if (this.stopped || this.timer || this.waiters.size === 0) return;
    this.timer = setTimeout(() => void this.poll(), this.pollMs);
  }

  private async poll(): Promise<void> {
    try {
      const position = await this.store.read(this.projection, this.topic, this.partitions);
      if (position) {
        if (this.latest && this.latest.epoch !== position.epoch) this.onEpoch(position);
        this.latest = position;
      }
      for (const waiter of this.waiters) {
        if (!this.latest || !waiter.passed(this.latest)) continue;
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    } catch (error) {
      this.onError(error);
    } finally {
      this.timer = null;
      this.schedule();
    }
  }
}
