import { KafkaUnavailableError, RecordsNotAcknowledgedError } from '../kafka.errors';
import { acknowledgedPositions, PartitionAcknowledgement } from './partition-acknowledgements';
import {
  KafkajsProduceTransport,
  ProducerSessionResetError,
  ProduceTransport,
  TopicMessages,
  TransportMessage,
} from './produce-transport';

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
  /** Sends of the records a broker's answer left out, before the send fails. */
  readonly resendAttempts?: number;
  readonly resendBackoffMs?: number;
  /** Told when an answer left partitions out and their records are sent again. */
  readonly onResend?: (unacknowledged: number, attempt: number) => void;
  /** For tests: the client to send through. */
  readonly transport?: ProduceTransport;
}

/**
 * Idempotent producer with acks=all: a send resolves only once every record's partition was acknowledged by the
 * broker with a real offset, and a retried batch is never written twice.
 *
 * kafkajs 2.2.4's sendBatch can resolve without some of the partitions it was given: across its retries it keeps one
 * answer per broker and re-sends only to brokers that have none, so a partition whose leader died and moved to a
 * broker that had already answered is never sent again. Its records are therefore checked here, partition by
 * partition, and the missing ones sent again (their sequence numbers were rolled back with the failed request, so the
 * broker deduplicates if the dead leader had in fact written them).
 */
export class EventProducer {
  private readonly transport: ProduceTransport;

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

  /**
   * Sends records in one request per broker; returns the partition and offset of every record, in input order.
   * Throws RecordsNotAcknowledgedError, carrying the positions of the records that were acknowledged, when some
   * could not be written.
   */
  async send(records: readonly OutgoingRecord[]): Promise<RecordPosition[]> {
    if (records.length === 0) return [];
    const partitions = await Promise.all(
      records.map((r) => this.transport.partitionFor(r.topic, r.key, r.value)),
    );
    const placed = records.map((r, i) => ({ ...r, partition: partitions[i] ?? 0 }));
    const positions = new Map<number, RecordPosition>();
    const attempts = this.options.resendAttempts ?? 5;
    let pending = placed.map((_, i) => i);
    for (let attempt = 1; ; attempt++) {
      const batch = pending.map((i) => placed[i]!);
      let answer: readonly PartitionAcknowledgement[];
      try {
        answer = await this.transport.sendBatch(byTopic(batch));
      } catch (error) {
        // A refused sequence means these records are not in the log: with a new session they can go again.
        if (!(error instanceof ProducerSessionResetError) || attempt >= attempts)
          throw new RecordsNotAcknowledgedError(this.options.brokers, positions, pending.length, error);
        this.options.onResend?.(pending.length, attempt);
        continue;
      }
      const { offsets, unacknowledged } = acknowledgedPositions(batch, answer);
      for (const [k, offset] of offsets) {
        const record = batch[k]!;
        positions.set(pending[k]!, { topic: record.topic, partition: record.partition, offset });
      }
      pending = unacknowledged.map((k) => pending[k]!);
      if (pending.length === 0) return placed.map((_, i) => positions.get(i)!);
      if (attempt >= attempts) {
        throw new RecordsNotAcknowledgedError(
          this.options.brokers,
          positions,
          pending.length,
          new Error(`no acknowledgement for their partitions after ${attempt} sends`),
        );
      }
      this.options.onResend?.(pending.length, attempt);
      await new Promise((resolve) => setTimeout(resolve, (this.options.resendBackoffMs ?? 100) * attempt));
    }
  }

  async disconnect(): Promise<void> {
    await this.transport.disconnect();
  }
}

function byTopic(records: readonly (OutgoingRecord & { partition: number })[]): TopicMessages[] {
  const topics = new Map<string, TransportMessage[]>();
  for (const r of records) {
    const messages = topics.get(r.topic) ?? [];
    messages.push({
      key: r.key,
      value: r.value,
      partition: r.partition,
      ...(r.headers ? { headers: r.headers } : {}),
    });
    topics.set(r.topic, messages);
  }
  return [...topics.entries()].map(([topic, messages]) => ({ topic, messages }));
}
