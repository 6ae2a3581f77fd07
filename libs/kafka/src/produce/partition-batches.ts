import { partitionSlot } from './partition-acknowledgements';

/** A record with the partition chosen for it. */
export interface PartitionedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly key: string;
  readonly value: Buffer;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Records of one partition that go to the broker in one request. `indexes` are their places in the caller's send;
 * null for a batch left in doubt by an earlier send that this send does not carry, which is sent again only so that
 * the broker can settle it (its acknowledgement answers no caller).
 */
export interface PartitionBatch {
  readonly slot: string;
  readonly records: readonly PartitionedRecord[];
  readonly indexes: readonly number[] | null;
}

/**
 * The batches a send makes, per partition in the order they must go. A partition whose last batch was sent without
 * an answer (written or not, nobody knows) must get exactly that batch again next: the idempotent producer re-sends
 * it under the same sequence numbers, which lets the broker drop the copy it may hold. Any other records under those
 * numbers would be dropped as that copy (lost), and those records extended by newer ones would be refused. So the
 * batch in doubt goes alone first, as the caller's leading records when they match it, otherwise on its own.
 */
export function planPartitionBatches(
  records: readonly PartitionedRecord[],
  inDoubt: ReadonlyMap<string, readonly PartitionedRecord[]>,
): Map<string, PartitionBatch[]> {
  const bySlot = new Map<string, number[]>();
  records.forEach((r, i) => {
    const slot = partitionSlot(r.topic, r.partition);
    const indexes = bySlot.get(slot);
    if (indexes) indexes.push(i);
    else bySlot.set(slot, [i]);
  });
  const plan = new Map<string, PartitionBatch[]>();
  for (const [slot, indexes] of bySlot) {
    const doubtful = inDoubt.get(slot);
    const batches: PartitionBatch[] = [];
    let rest = indexes;
    if (doubtful) {
      const leading = indexes.slice(0, doubtful.length);
      if (
        leading.length === doubtful.length &&
        leading.every((i, k) => sameRecord(records[i]!, doubtful[k]!))
      ) {
        batches.push({ slot, records: doubtful, indexes: leading });
        rest = indexes.slice(doubtful.length);
      } else {
        batches.push({ slot, records: doubtful, indexes: null });
      }
    }
    if (rest.length > 0) batches.push({ slot, records: rest.map((i) => records[i]!), indexes: rest });
    plan.set(slot, batches);
  }
  return plan;
}

function sameRecord(a: PartitionedRecord, b: PartitionedRecord): boolean {
  return a.key === b.key && a.value.equals(b.value);
}
