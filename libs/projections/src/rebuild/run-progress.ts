import { parseSlot, Positions } from './partition-positions';

export type RunPhase = 'building' | 'indexing' | 'chasing' | 'swapping' | 'comparing' | 'done';

export interface PartitionProgress {
  readonly topic: string;
  readonly partition: number;
  readonly position: string;
  readonly head: string;
  readonly done: number;
  readonly total: number;
}

/** One snapshot of a run, as the progress bar and `--json` show it. */
export interface RunProgress {
  readonly run: string;
  readonly phase: RunPhase;
  /** Events read since the start, over every partition. */
  readonly done: number;
  /** Events between the start and the head as last fetched; grows while events keep arriving. */
  readonly total: number;
  readonly eventsPerSecond: number;
  /** Null until a rate is known. */
  readonly etaSeconds: number | null;
  readonly elapsedSeconds: number;
  readonly partitions: readonly PartitionProgress[];
}

const clamp = (n: bigint) => Number(n > 0n ? n : 0n);

/** Rate over a sliding window, so a slow start or a pause for indexing fades out of the figure. */
export class RateMeter {
  private readonly samples: { at: number; done: number }[] = [];

  constructor(private readonly windowMs = 5_000) {}

  sample(done: number, at: number): number {
    this.samples.push({ at, done });
    while (this.samples.length > 2 && at - this.samples[0]!.at > this.windowMs) this.samples.shift();
    const first = this.samples[0]!;
    const seconds = (at - first.at) / 1000;
    return seconds > 0 ? Math.max(0, (done - first.done) / seconds) : 0;
  }
}

export function progressOf(input: {
  run: string;
  phase: RunPhase;
  starts: Positions;
  positions: Positions;
  heads: Positions;
  eventsPerSecond: number;
  elapsedSeconds: number;
}): RunProgress {
  const partitions = [...input.heads].map(([slot, head]): PartitionProgress => {
    const start = input.starts.get(slot) ?? 0n;
    const position = input.positions.get(slot) ?? start;
    return {
      ...parseSlot(slot),
      position: position.toString(),
      head: head.toString(),
      done: clamp(position - start),
      total: clamp(head - start),
    };
  });
  partitions.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  const done = partitions.reduce((sum, p) => sum + Math.min(p.done, p.total), 0);
  const total = partitions.reduce((sum, p) => sum + p.total, 0);
  const rate = input.eventsPerSecond;
  return {
    run: input.run,
    phase: input.phase,
    done,
    total,
    eventsPerSecond: Math.round(rate),
    etaSeconds: rate > 0 ? Math.ceil((total - done) / rate) : null,
    elapsedSeconds: Math.round(input.elapsedSeconds * 10) / 10,
    partitions,
  };
}
