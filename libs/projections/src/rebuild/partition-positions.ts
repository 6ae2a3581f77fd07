import { SqlExecutor } from '@shopstream/database';
import { fetchPartitionOffsets, offsetsForTime } from '@shopstream/kafka';
import { readCheckpoints, writeCheckpoints } from '../checkpoints/checkpoint-store';
import { RunStartError } from './rebuild.errors';

/** Next offset to read, per `topic/partition`. */
export type Positions = Map<string, bigint>;

export const slotOf = (topic: string, partition: number) => `${topic}/${partition}`;

export function parseSlot(slot: string): { topic: string; partition: number } {
  const at = slot.lastIndexOf('/');
  return { topic: slot.slice(0, at), partition: Number(slot.slice(at + 1)) };
}

/** Where a run starts reading: the start of the log, or the first record at or after a time. */
export type RunStart = { readonly kind: 'earliest' } | { readonly kind: 'time'; readonly at: Date };

export function parseRunStart(value: string | undefined, option = '--from'): RunStart {
  if (value === undefined || value === 'earliest') return { kind: 'earliest' };
  return { kind: 'time', at: parseTime(value, option) };
}

export function parseTime(value: string, option: string): Date {
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at.getTime())) throw new RunStartError(option, value);
  return at;
}

/** Checkpoints of one runner instance, as positions. */
export async function readPositions(sql: SqlExecutor, name: string, version: number): Promise<Positions> {
  const checkpoints = await readCheckpoints(sql, { name, version });
  return new Map(checkpoints.map((c) => [slotOf(c.topic, c.partition), c.nextOffset]));
}

/** Low and high watermarks of every partition of `topics`. */
export async function logBounds(
  brokers: readonly string[],
  topics: readonly string[],
): Promise<{ low: Positions; high: Positions }> {
  const offsets = await fetchPartitionOffsets(brokers, topics);
  return {
    low: new Map(offsets.map((o) => [slotOf(o.topic, o.partition), BigInt(o.low)])),
    high: new Map(offsets.map((o) => [slotOf(o.topic, o.partition), BigInt(o.high)])),
  };
}

/**
 * The log heads of some topics, fetched at most every `maxAgeMs` however many ask (each fetch is a Kafka admin
 * round trip): the shadows of a rebuild of several projections share one.
 */
export class LogHeads {
  private heads: Positions = new Map();
  private fetchedAt = 0;
  private fetching: Promise<Positions> | null = null;

  constructor(
    private readonly brokers: readonly string[],
    readonly topics: readonly string[],
  ) {}

  async get(maxAgeMs: number): Promise<Positions> {
    if (this.heads.size > 0 && Date.now() - this.fetchedAt <= maxAgeMs) return this.heads;
    this.fetching ??= logBounds(this.brokers, this.topics)
      .then(({ high }) => {
        this.heads = high;
        this.fetchedAt = Date.now();
        return high;
      })
      .finally(() => (this.fetching = null));
    return this.fetching;
  }
}

/** First offset of every partition a run starting at `start` reads. */
export async function startPositions(
  brokers: readonly string[],
  topics: readonly string[],
  start: RunStart,
): Promise<Positions> {
  const { low, high } = await logBounds(brokers, topics);
  const missing = topics.filter((t) => ![...high.keys()].some((slot) => parseSlot(slot).topic === t));
  if (missing.length)
    throw new Error(
      `Topic(s) ${missing.join(', ')} do not exist: create them (shopstream up) or check the namespace`,
    );
  if (start.kind === 'earliest') return low;
  const out: Positions = new Map();
  for (const topic of topics) {
    for (const [partition, offset] of await offsetsForTime(brokers, topic, start.at.getTime())) {
      const slot = slotOf(topic, partition);
      // Kafka answers -1 when no record is that recent: the run starts at the end of the partition.
      out.set(slot, BigInt(offset) < 0n ? (high.get(slot) ?? 0n) : BigInt(offset));
    }
  }
  return out;
}

/** Events between each partition's position (or its start when it has none) and `heads`. */
export function eventsBehind(positions: Positions, heads: Positions, starts: Positions): bigint {
  let behind = 0n;
  for (const [slot, head] of heads) {
    const at = positions.get(slot) ?? starts.get(slot) ?? 0n;
    if (head > at) behind += head - at;
  }
  return behind;
}

/** True when every partition in `targets` has a position at or past its target. */
export function reached(positions: Positions, targets: Positions, starts: Positions): boolean {
  for (const [slot, target] of targets) {
    if ((positions.get(slot) ?? starts.get(slot) ?? 0n) < target) return false;
  }
  return true;
}

/** Writes a run's checkpoint rows, so its runner starts exactly there (it starts at the earliest offset without). */
export async function seedPositions(
  sql: SqlExecutor,
  name: string,
  version: number,
  positions: Positions,
): Promise<void> {
  const checkpoints = [...positions].map(([slot, nextOffset]) => ({ ...parseSlot(slot), nextOffset }));
  await writeCheckpoints(sql, { name, version }, checkpoints);
}
