/** What a broker answered for one partition of a produce request. */
export interface PartitionAcknowledgement {
  readonly topicName: string;
  readonly partition: number;
  readonly errorCode: number;
  readonly baseOffset?: string | undefined;
}

/** A record on its way out, with the partition it was assigned before sending. */
export interface PlacedRecord {
  readonly topic: string;
  readonly partition: number;
}

export interface AcknowledgedPositions {
  /** Offset of each record whose partition was acknowledged, by the record's index in the input. */
  readonly offsets: ReadonlyMap<number, string>;
  /** Indexes of records whose partition got no usable acknowledgement: they must be sent again or failed. */
  readonly unacknowledged: readonly number[];
}

export const partitionSlot = (topic: string, partition: number): string => `${topic}/${partition}`;

/**
 * Gives each record the offset the broker assigned it: the partition's base offset plus the record's rank among that
 * partition's records in the request (a partition's records are appended in the order sent). A partition the answer
 * leaves out, answers with an error, or answers without a real base offset acknowledges nothing: its records are
 * reported unacknowledged, never placed at a default offset.
 */
export function acknowledgedPositions(
  records: readonly PlacedRecord[],
  answer: readonly PartitionAcknowledgement[],
): AcknowledgedPositions {
  const base = new Map<string, bigint>();
  for (const ack of answer) {
    const offset = realOffset(ack);
    if (offset !== null) base.set(partitionSlot(ack.topicName, ack.partition), offset);
  }
  const rank = new Map<string, bigint>();
  const offsets = new Map<number, string>();
  const unacknowledged: number[] = [];
  records.forEach((record, index) => {
    const slot = partitionSlot(record.topic, record.partition);
    const first = base.get(slot);
    if (first === undefined) {
      unacknowledged.push(index);
      return;
    }
    const n = rank.get(slot) ?? 0n;
    rank.set(slot, n + 1n);
    offsets.set(index, String(first + n));
  });
  return { offsets, unacknowledged };
}

function realOffset(ack: PartitionAcknowledgement): bigint | null {
  if (ack.errorCode !== 0 || ack.baseOffset === undefined || !/^\d+$/.test(ack.baseOffset)) return null;
  return BigInt(ack.baseOffset);
}
