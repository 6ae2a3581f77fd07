import { AppliedPositions } from '@shopstream/projections';
import { ProjectionPosition, ProjectionPositionStore } from '../store/projection-position.store';

interface Waiter {
  readonly passed: (position: ProjectionPosition) => boolean;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/** How often the gate still checks while it hears commits: for a notification lost with its connection. */
const HEARD_POLL_MS = 250;

/**
 * Holds an event back until the projection committed it: a client is only told what it can read back. One check of
 * the checkpoints serves every waiter, and runs only while someone waits: when a waiter arrives, when the projection
 * announces a commit (`wake`, from PostgreSQL's NOTIFY at commit), and on a timer, every `pollMs` while no
 * announcement can be heard and every 250 ms while one can. An announcement that carries the positions its commit
 * reached (`applied`) moves the gate without a check, when it is of the epoch the gate knows. Within an epoch a
 * position only moves forward (a reset removes the version, and its next activation is a new epoch), so a check
 * that read the checkpoints before a commit it was told of never takes the gate back.
 */
export class CommitGate {
  private readonly waiters = new Set<Waiter>();
  private timer: NodeJS.Timeout | null = null;
  private latest: ProjectionPosition | null = null;
  private stopped = false;
  private checking = false;
  /** A commit was announced while a check was under way: that check may have read before it, so check again. */
  private again = false;
  private heard = false;

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
      // The commit may have been announced before anyone waited for it: look now rather than at the next timer.
      this.wake();
    });
  }

  /**
   * The projection committed. With the positions it reached, in the epoch the gate knows, the gate moves to them and
   * answers the waiters they let through; otherwise it checks (a shadow's commit, a new epoch, no positions sent).
   */
  applied(positions: AppliedPositions | null): void {
    const latest = this.latest;
    if (!positions || !latest || positions.activatedMs === null) return this.wake();
    if (`v${positions.version}-${positions.activatedMs}` !== latest.epoch) return this.wake();
    const slots = positions.slots.filter((s) => s.topic === this.topic && s.partition < this.partitions);
    if (slots.length === 0) return;
    this.moveTo({ ...latest, offsets: furthest(latest.offsets, slots) });
  }

  /** The projection committed: check now (or once more after the check under way). */
  wake(): void {
    if (this.stopped || this.waiters.size === 0) return;
    if (this.checking) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.check();
  }

  /** Whether commits are announced (the listening connection is up): then the timer only backs them up. */
  hearing(heard: boolean): void {
    this.heard = heard;
    if (heard) this.wake();
  }

  /** Fails every waiter, so a batch held at the gate ends and the reader can stop. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const waiter of this.waiters) waiter.reject(new Error('the live feed is stopping'));
    this.waiters.clear();
  }

  private moveTo(position: ProjectionPosition): void {
    this.latest = position;
    for (const waiter of this.waiters) {
      if (!waiter.passed(position)) continue;
      this.waiters.delete(waiter);
      waiter.resolve();
    }
  }

  private schedule(): void {
    if (this.stopped || this.timer || this.checking || this.waiters.size === 0) return;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        void this.check();
      },
      this.heard ? HEARD_POLL_MS : this.pollMs,
    );
  }

  private async check(): Promise<void> {
    this.checking = true;
    this.again = false;
    try {
      const position = await this.store.read(this.projection, this.topic, this.partitions);
      if (position) {
        const latest = this.latest;
        if (latest && latest.epoch !== position.epoch) this.onEpoch(position);
        this.moveTo(
          latest?.epoch === position.epoch
            ? {
                ...position,
                offsets: furthest(
                  position.offsets,
                  latest.offsets.map((nextOffset, partition) => ({ partition, nextOffset })),
                ),
              }
            : position,
        );
      }
    } catch (error) {
      this.onError(error);
    } finally {
      this.checking = false;
      if (this.again && !this.stopped) setImmediate(() => this.wake());
      else this.schedule();
    }
  }
}

/** The offsets with each slot's next offset where it is further. */
function furthest(
  offsets: readonly bigint[],
  slots: readonly { readonly partition: number; readonly nextOffset: bigint }[],
): bigint[] {
  const out = [...offsets];
  for (const { partition, nextOffset } of slots)
    if (nextOffset > (out[partition] ?? 0n)) out[partition] = nextOffset;
  return out;
}
