/**
 * When an applied-event ledger entry can no longer matter.
 *
 * An entry exists to drop a copy of its event that reaches the log at another offset; the checkpoint, committed with
 * the entry, already skips a redelivery at the same offset. So "below every checkpoint" alone proves nothing: the
 * copy comes after the original. Copies come from the outbox relay (a crash between produce and marking the row
 * published, or `outbox verify --repair`), and a row can only be sent while it is kept, that is within the outbox
 * horizon of its publication. Publication follows the event's id by at most the ledger horizon (a longer relay
 * outage would need a longer ledger horizon). So every copy of an event older than the ledger horizon plus the
 * outbox horizon was appended before now; the entry can go once the projection has read past it.
 *
 * Which log time a checkpoint stands for is known only through Kafka's offsets by time: the sweep asks for the
 * offsets at `readUpTo` (the ledger horizon ago) and prunes a projection only when every checkpoint is at or past
 * them, and then only entries older than `readUpTo` minus both horizons, whose copies were all appended before it.
 * Entries whose id is not a version-7 UUID (an event without metadata is keyed by its position) carry no time and
 * are kept.
 */
export interface LedgerCut {
  /** The projection must have read every record appended before this time. */
  readonly readUpTo: Date;
  /** Entries whose event id was minted before this time are deleted. */
  readonly eventsBefore: Date;
}

export function ledgerCut(
  now: Date,
  horizons: { readonly ledgerHorizonMs: number; readonly outboxHorizonMs: number },
): LedgerCut {
  const readUpTo = now.getTime() - horizons.ledgerHorizonMs;
  return {
    readUpTo: new Date(readUpTo),
    eventsBefore: new Date(readUpTo - horizons.ledgerHorizonMs - horizons.outboxHorizonMs),
  };
}

/**
 * The shortest id that sorts after every version-7 UUID minted before `time` and before every one minted at or after
 * it: its first 48 bits are the Unix time in milliseconds, written as lower-case hex, so ids sort by time.
 */
export function eventIdBoundary(time: Date): string {
  const hex = Math.max(0, Math.floor(time.getTime())).toString(16).padStart(12, '0');
  if (hex.length > 12) throw new RangeError(`${time.toISOString()} does not fit a version-7 UUID`);
  return `${hex.slice(0, 8)}-${hex.slice(8)}`;
}

export interface CheckpointPosition {
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: string;
}

export interface LogPosition {
  readonly topic: string;
  readonly partition: number;
  /** The first offset at or after the cut's time (the log end when nothing is that recent). */
  readonly offset: string;
}

/**
 * Whether the checkpoints have read every record before the cut on every partition of their topics. A partition
 * without a checkpoint has been read up to offset 0 only.
 */
export function hasReadUpTo(
  checkpoints: readonly CheckpointPosition[],
  atCut: readonly LogPosition[],
): boolean {
  const next = new Map(checkpoints.map((c) => [`${c.topic}/${c.partition}`, BigInt(c.nextOffset)]));
  return atCut.every((p) => (next.get(`${p.topic}/${p.partition}`) ?? 0n) >= BigInt(p.offset));
}
