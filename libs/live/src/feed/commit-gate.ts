import { ProjectionPosition, ProjectionPositionStore } from '../store/projection-position.store';

interface Waiter {
  readonly partition: number;
  readonly offset: bigint;
  readonly resolve: () => void;
}

/**
 * Holds an event back until the projection committed it: a client is only told what it can read back. One poll of
 * the checkpoints per interval serves every waiter, and only while someone waits.
 */
export class CommitGate {
  private readonly waiters = new Set<Waiter>();
  private timer: NodeJS.Timeout | null = null;
  private latest: ProjectionPosition | null = null;

  constructor(
    private readonly store: ProjectionPositionStore,
    private readonly projection: string,
    private readonly topic: string,
    private readonly partitions: number,
    private readonly pollMs: number,
    private readonly onEpoch: (position: ProjectionPosition) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Resolves once the projection's next offset on `partition` is past `offset`. */
  waitPast(partition: number, offset: bigint): Promise<void> {
    if (this.passed(partition, offset)) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.add({ partition, offset, resolve });
      this.schedule();
    });
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private passed(partition: number, offset: bigint): boolean {
    return (this.latest?.offsets[partition] ?? 0n) > offset;
  }

  private schedule(): void {
    if (this.timer || this.waiters.size === 0) return;
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
        if (!this.passed(waiter.partition, waiter.offset)) continue;
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
