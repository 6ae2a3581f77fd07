import { RecordsNotAcknowledgedError } from '../kafka.errors';
import { EventProducer, EventProducerOptions, OutgoingRecord, RecordPosition } from './event-producer';
import { PartitionedRecord } from './partition-batches';

/** What a caller needs to publish records: the single producer and the pool both offer it. */
export interface RecordSender {
  connect(): Promise<void>;
  send(records: readonly OutgoingRecord[]): Promise<RecordPosition[]>;
  disconnect(): Promise<void>;
}

/**
 * Several idempotent producers side by side, each owning a fixed share of the partitions.
 *
 * kafkajs lets an idempotent producer have one produce request out per broker, and EventProducer sends each partition
 * in a call of its own (its sequence numbers must only move on with that partition's answer): one producer sending
 * to twenty partitions waits for twenty round trips in a row. Producers are independent sessions (own producer id,
 * own sequence numbers, own requests), so a pool of them sends that many partitions in a fraction of the time.
 *
 * A partition always goes through the same producer, chosen at its first send, so its records keep their order and
 * its sequence numbers stay with one session; each producer keeps EventProducer's guarantees for its share.
 */
export class EventProducerPool implements RecordSender {
  private readonly owner = new Map<string, number>();

  constructor(
    private readonly producers: readonly EventProducer[],
    private readonly brokers: readonly string[],
  ) {
    if (producers.length === 0) throw new Error('an EventProducerPool needs at least one producer');
  }

  static of(options: EventProducerOptions, size: number): EventProducerPool {
    return new EventProducerPool(
      Array.from(
        { length: Math.max(1, size) },
        (_, i) => new EventProducer({ ...options, clientId: `${options.clientId}-${i}` }),
      ),
      options.brokers,
    );
  }

  async connect(): Promise<void> {
    await Promise.all(this.producers.map((p) => p.connect()));
  }

  async disconnect(): Promise<void> {
    await Promise.all(this.producers.map((p) => p.disconnect()));
  }

  /**
   * Sends records, each producer its share at once; returns every record's position in input order. When some share
   * is not acknowledged, throws RecordsNotAcknowledgedError with the positions of every record that was.
   */
  async send(records: readonly OutgoingRecord[]): Promise<RecordPosition[]> {
    if (records.length === 0) return [];
    const first = this.producers[0]!;
    const partitions = await Promise.all(records.map((r) => first.partitionFor(r.topic, r.key, r.value)));
    const placed: PartitionedRecord[] = records.map((r, i) => ({ ...r, partition: partitions[i]! }));
    const shares = new Map<number, number[]>();
    placed.forEach((r, i) => {
      const producer = this.ownerOf(`${r.topic}/${r.partition}`);
      const share = shares.get(producer);
      if (share) share.push(i);
      else shares.set(producer, [i]);
    });
    const sent = await Promise.allSettled(
      [...shares].map(([producer, indexes]) =>
        this.producers[producer]!.sendPlaced(indexes.map((i) => placed[i]!)).then((positions) => ({
          indexes,
          positions,
        })),
      ),
    );
    const positions = new Map<number, RecordPosition>();
    let failure: unknown = null;
    const shareList = [...shares.values()];
    sent.forEach((outcome, s) => {
      const indexes = shareList[s]!;
      if (outcome.status === 'fulfilled') {
        outcome.value.positions.forEach((p, k) => positions.set(indexes[k]!, p));
        return;
      }
      failure ??= outcome.reason;
      if (outcome.reason instanceof RecordsNotAcknowledgedError)
        for (const [k, p] of outcome.reason.acknowledged) positions.set(indexes[k]!, p);
    });
    if (failure === null) return records.map((_, i) => positions.get(i)!);
    const cause: unknown =
      failure instanceof RecordsNotAcknowledgedError ? (failure.cause ?? failure) : failure;
    throw new RecordsNotAcknowledgedError(this.brokers, positions, records.length - positions.size, cause);
  }

  private ownerOf(slot: string): number {
    let producer = this.owner.get(slot);
    if (producer === undefined) {
      producer = this.owner.size % this.producers.length;
      this.owner.set(slot, producer);
    }
    return producer;
  }
}
