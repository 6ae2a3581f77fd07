export interface CheckpointRow {
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: string;
  readonly updatedAt: Date;
}

export interface LogEnd {
  readonly topic: string;
  readonly partition: number;
  readonly low: string;
  readonly high: string;
}

export type ProjectionState = 'CAUGHT_UP' | 'CATCHING_UP' | 'STALLED' | 'NOT_STARTED' | 'LOG_GAP';

export interface PartitionStatus {
  readonly topic: string;
  readonly partition: number;
  readonly checkpoint: string | null;
  readonly logEnd: string;
  readonly lag: number;
  /** Events between the checkpoint and the start of the log, which no longer holds them: the partition waits. */
  readonly gap: number;
  readonly lastProgressAt: Date | null;
}

export interface ProjectionStatus {
  readonly projection: string;
  readonly version: number;
  readonly state: ProjectionState;
  readonly lag: number;
  readonly deadLetters: number;
  readonly lastProgressAt: Date | null;
  readonly partitions: readonly PartitionStatus[];
}

/**
 * A projection is STALLED when it is behind and has not advanced for `stallAfterMs`: the failure that looks healthy
 * (process up, consumer in its group) while nothing moves. A caught-up projection is never stalled, however old its
 * last progress. LOG_GAP, before all else: the log starts above a checkpoint, so the partition waits for an operator
 * (retention deleted events it never applied, or the topic was recreated).
 */
export function projectionStatus(input: {
  projection: string;
  version: number;
  checkpoints: readonly CheckpointRow[];
  logEnds: readonly LogEnd[];
  deadLetters: number;
  now: Date;
  stallAfterMs: number;
}): ProjectionStatus {
  const byPartition = new Map(input.checkpoints.map((c) => [`${c.topic}/${c.partition}`, c]));
  const partitions: PartitionStatus[] = input.logEnds.map((end) => {
    const checkpoint = byPartition.get(`${end.topic}/${end.partition}`);
    const from = checkpoint ? BigInt(checkpoint.nextOffset) : BigInt(end.low);
    const lag = BigInt(end.high) - from;
    const gap = BigInt(end.low) - from;
    return {
      topic: end.topic,
      partition: end.partition,
      checkpoint: checkpoint?.nextOffset ?? null,
      logEnd: end.high,
      lag: Number(lag > 0n ? lag : 0n),
      gap: Number(gap > 0n ? gap : 0n),
      lastProgressAt: checkpoint?.updatedAt ?? null,
    };
  });
  const lag = partitions.reduce((sum, p) => sum + p.lag, 0);
  const progress = partitions
    .map((p) => p.lastProgressAt?.getTime())
    .filter((t): t is number => t !== undefined);
  const lastProgressAt = progress.length ? new Date(Math.max(...progress)) : null;
  let state: ProjectionState;
  if (partitions.some((p) => p.gap > 0)) state = 'LOG_GAP';
  else if (lag === 0) state = 'CAUGHT_UP';
  else if (lastProgressAt === null) state = 'NOT_STARTED';
  else
    state = input.now.getTime() - lastProgressAt.getTime() > input.stallAfterMs ? 'STALLED' : 'CATCHING_UP';
  return {
    projection: input.projection,
    version: input.version,
    state,
    lag,
    deadLetters: input.deadLetters,
    lastProgressAt,
    partitions,
  };
}
