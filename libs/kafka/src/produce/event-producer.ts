import { KafkaUnavailableError, RecordsNotAcknowledgedError } from '../kafka.errors';
import { acknowledgedPositions } from './partition-acknowledgements';
import { PartitionBatch, PartitionedRecord, planPartitionBatches } from './partition-batches';
import {
  KafkajsProduceTransport,
  ProducerSessionResetError,
  ProduceTransport,
  TopicMessages,
} from './produce-transport';
import type { KafkaCredentials } from '../client/kafka-credentials';

export interface OutgoingRecord {
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Where the broker put a record: the consistency token a caller can wait on. */
export interface RecordPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export interface EventProducerOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** The principal to write as; the process's own when absent. */
  readonly credentials?: KafkaCredentials | null;
  /** Rounds of sends that leave some records unacknowledged, before the send fails. */
  readonly resendAttempts?: number;
  readonly resendBackoffMs?: number;
  /** Told when records were not acknowledged and are sent again. */
  readonly onResend?: (unacknowledged: number, attempt: number) => void;
  /** For tests: the client to send through. */
  readonly transport?: ProduceTransport;
}

/**
 * Idempotent producer with acks=all: a send resolves only once every record's partition was acknowledged by the
 * broker with a real offset, and a record is written once even when an answer is lost in a failover.
 *
 * The broker can drop a re-sent copy only when it carries the same sequence numbers as the first, and kafkajs moves a
 * partition's numbers on as soon as that partition's answer arrives, even when the call it was part of then fails. So
 * every partition goes in a call of its own (a failed call then means its numbers did not move), and a partition's
 * batch that failed is sent again exactly as it was, before anything newer, in this send or the next
 * (planPartitionBatches).
 */
export class EventProducer {
  private readonly transport: ProduceTransport;
  private readonly inDoubt = new Map<string, readonly PartitionedRecord[]>();
  // kafkajs numbers a partition's records when it builds a request and moves on when the answer arrives: two sends
  // to one partition at once would get the same numbers, and the broker would drop the second as a copy.
  private sending: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: EventProducerOptions) {
    this.transport = options.transport ?? new KafkajsProduceTransport(options);
  }

  async connect(): Promise<void> {
    try {
      await this.transport.connect();
    } catch (error) {
      throw new KafkaUnavailableError(this.options.brokers, error);
    }
  }

  /** The partition a record goes to: the Java client's murmur2 of its key, so every client agrees. */
  partitionFor(topic: string, key: string, value: Buffer): Promise<number> {
    return this.transport.partitionFor(topic, key, value);
  }

  /**
   * Sends records; returns the partition and offset of every record, in input order. Throws
   * RecordsNotAcknowledgedError, carrying the positions of the records that were acknowledged, when some could not
   * be written. Sends run one after another.
   */
  send(records: readonly OutgoingRecord[]): Promise<RecordPosition[]> {
    return this.inTurn(async () => {
      const partitions = await Promise.all(
        records.map((r) => this.transport.partitionFor(r.topic, r.key, r.value)),
      );
      return this.sendNow(records.map((r, i) => ({ ...r, partition: partitions[i] ?? 0 })));
    });
  }

  /** As `send`, for records whose partition the caller already chose with `partitionFor` (a pool, to share them). */
  sendPlaced(records: readonly PartitionedRecord[]): Promise<RecordPosition[]> {
    return this.inTurn(() => this.sendNow(records));
  }

  private inTurn(work: () => Promise<RecordPosition[]>): Promise<RecordPosition[]> {
    const result = this.sending.then(work);
    this.sending = result.catch(() => undefined);
    return result;
  }

  private async sendNow(placed: readonly PartitionedRecord[]): Promise<RecordPosition[]> {
    if (placed.length === 0) return [];
    const queues = [...planPartitionBatches(placed, this.inDoubt).values()];
    const positions = new Map<number, RecordPosition>();
    const attempts = this.options.resendAttempts ?? 5;
    for (let failedRounds = 0; ;) {
      const outcomes = await Promise.all(
        queues.filter((q) => q.length > 0).map((q) => this.sendBatch(q[0]!, positions)),
      );
      const failures = outcomes.filter((o) => o !== 'acknowledged');
      for (const q of queues) if (q[0] && !this.inDoubt.has(q[0].slot)) q.shift();
      const sessionReset = failures.find((f) => f instanceof ProducerSessionResetError);
      if (sessionReset) this.forgetDoubts(queues);
      if (queues.every((q) => q.length === 0)) return placed.map((_, i) => positions.get(i)!);
      if (failures.length === 0) continue;
      failedRounds++;
      const unacknowledged = placed.length - positions.size;
      if (failedRounds >= attempts) {
        throw new RecordsNotAcknowledgedError(
          this.options.brokers,
          positions,
          unacknowledged,
          failures.find((f) => f !== 'unanswered') ??
            new Error(`no acknowledgement for their partitions after ${failedRounds} sends`),
        );
      }
      this.options.onResend?.(unacknowledged, failedRounds);
      if (!sessionReset)
        await new Promise((resolve) =>
          setTimeout(resolve, (this.options.resendBackoffMs ?? 100) * failedRounds),
        );
    }
  }

  /** One partition's batch: acknowledged (positions recorded), or left in doubt with why. */
  private async sendBatch(
    batch: PartitionBatch,
    positions: Map<number, RecordPosition>,
  ): Promise<'acknowledged' | 'unanswered' | unknown> {
    try {
      const answer = await this.transport.sendBatch(asTopicMessages(batch.records));
      const { offsets, unacknowledged } = acknowledgedPositions(batch.records, answer);
      if (unacknowledged.length > 0) {
        this.inDoubt.set(batch.slot, batch.records);
        return 'unanswered';
      }
      this.inDoubt.delete(batch.slot);
      for (const [k, offset] of offsets) {
        const index = batch.indexes?.[k];
        if (index !== undefined)
          positions.set(index, {
            topic: batch.records[k]!.topic,
            partition: batch.records[k]!.partition,
            offset,
          });
      }
      return 'acknowledged';
    } catch (error) {
      this.inDoubt.set(batch.slot, batch.records);
      return error;
    }
  }

  /**
   * A new producer session numbers records from zero: the broker can no longer tell a re-sent batch from a new one,
   * so batches in doubt are sent again as new records (a copy the broker already holds is then written twice, a risk
   * only when the broker lost this producer's state while an answer was lost). Batches sent only to settle a doubt
   * are dropped: nothing can settle them any more.
   */
  private forgetDoubts(queues: PartitionBatch[][]): void {
    this.inDoubt.clear();
    for (const q of queues) while (q[0] && q[0].indexes === null) q.shift();
  }

  async disconnect(): Promise<void> {
    await this.transport.disconnect();
  }
}

function asTopicMessages(records: readonly PartitionedRecord[]): TopicMessages[] {
  const first = records[0];
  if (!first) return [];
  return [
    {
      topic: first.topic,
      messages: records.map((r) => ({
        key: r.key,
        value: r.value,
        partition: r.partition,
        ...(r.headers ? { headers: r.headers } : {}),
      })),
    },
  ];
}
