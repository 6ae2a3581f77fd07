import { createHash } from 'node:crypto';
import { PublishedPosition } from '../outbox-store';

/** One partition's retained log: the first offset still held and the offset the next record will get. */
export interface PartitionExtent {
  readonly partition: number;
  readonly low: bigint;
  readonly high: bigint;
}

export interface LogRecordBytes {
  readonly partition: number;
  readonly offset: string;
  readonly value: Buffer | null;
}

/** The log as the relay's takeover check reads it. */
export interface RelayLogTail {
  extents(topic: string): Promise<readonly PartitionExtent[]>;
  /** Every record of `[from, to)` of each given partition. */
  read(
    topic: string,
    ranges: ReadonlyMap<number, { from: bigint; to: bigint }>,
  ): Promise<readonly LogRecordBytes[]>;
}

/** The outbox as the takeover check reads it. */
export interface TakeoverOutbox {
  unpublishedTopics(): Promise<readonly string[]>;
  /** The highest offset recorded for a published row of each partition; partitions with none are left out. */
  lastRecordedOffsets(topic: string, partitions: readonly number[]): Promise<ReadonlyMap<number, bigint>>;
  /** Unpublished rows of `topic` whose encoded value is one of `values`. */
  unpublishedWithValues(
    topic: string,
    values: readonly Buffer[],
  ): Promise<readonly { readonly id: string; readonly value: Buffer }[]>;
}

/**
 * Finds outbox rows that are already in the log although no relay recorded it: a relay that died between Kafka's
 * acknowledgement and marking its rows published leaves them in the queue, and publishing them again would write
 * them twice. Only the relay that leads publishes, and it records a batch before it sends the next, so what it sent
 * unrecorded lies past the last recorded offset of each partition; a taking-over relay reads exactly that tail and
 * matches records to rows by their bytes (an encoded event carries its unique event id, so equal bytes are the same
 * event). Partitions with no recorded row are read from the first offset the log still holds.
 */
export async function findUnrecordedInLog(
  outbox: TakeoverOutbox,
  log: RelayLogTail,
): Promise<PublishedPosition[]> {
  const found: PublishedPosition[] = [];
  for (const topic of await outbox.unpublishedTopics()) {
    const extents = await log.extents(topic);
    const recorded = await outbox.lastRecordedOffsets(
      topic,
      extents.map((e) => e.partition),
    );
    const ranges = new Map<number, { from: bigint; to: bigint }>();
    for (const { partition, low, high } of extents) {
      const last = recorded.get(partition);
      const from = last === undefined || last + 1n < low ? low : last + 1n;
      if (high > from) ranges.set(partition, { from, to: high });
    }
    if (ranges.size === 0) continue;
    const records = (await log.read(topic, ranges)).filter(
      (r): r is LogRecordBytes & { value: Buffer } => r.value !== null,
    );
    if (records.length === 0) continue;
    const rows = await outbox.unpublishedWithValues(
      topic,
      records.map((r) => r.value),
    );
    const rowByDigest = new Map(rows.map((r) => [digest(r.value), r.id]));
    const placed = new Set<string>();
    for (const record of sortedByPosition(records)) {
      const id = rowByDigest.get(digest(record.value));
      // A copy already in the log (written twice before this fix, or by a broker) keeps the first position.
      if (id === undefined || placed.has(id)) continue;
      placed.add(id);
      found.push({ id, partition: record.partition, offset: record.offset });
    }
  }
  return found;
}

function digest(value: Buffer): string {
  return createHash('sha256').update(value).digest('base64');
}

function sortedByPosition<T extends LogRecordBytes>(records: readonly T[]): T[] {
  return [...records].sort((a, b) =>
    a.partition !== b.partition
      ? a.partition - b.partition
      : BigInt(a.offset) < BigInt(b.offset)
        ? -1
        : BigInt(a.offset) > BigInt(b.offset)
          ? 1
          : 0,
  );
}
