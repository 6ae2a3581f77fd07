import {
  Admin,
  CompressionTypes,
  ICustomPartitioner,
  PartitionMetadata,
  Partitioners,
  Producer,
} from 'kafkajs';
import { createKafka } from '../client/kafka-client';
import { KafkaUnavailableError } from '../kafka.errors';

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
}

/**
 * Idempotent producer with acks=all: a send resolves only once every in-sync replica has the records, and a
 * retried batch is never written twice.
 */
export class EventProducer {
  private readonly producer: Producer;
  private readonly admin: Admin;
  // The Java client's murmur2 partitioner, so a key lands on the same partition whichever client wrote it.
  private readonly partitioner = (Partitioners.DefaultPartitioner as ICustomPartitioner)();
  private readonly partitionsByTopic = new Map<string, PartitionMetadata[]>();

  constructor(private readonly options: EventProducerOptions) {
    const kafka = createKafka(options);
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 5,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.admin = kafka.admin();
  }

  async connect(): Promise<void> {
    try {
      await Promise.all([this.producer.connect(), this.admin.connect()]);
    } catch (error) {
      throw new KafkaUnavailableError(this.options.brokers, error);
    }
  }

  /** Sends records in one request per broker; returns the partition and offset of every record, in input order. */
  async send(records: readonly OutgoingRecord[]): Promise<RecordPosition[]> {
    if (records.length === 0) return [];
    const partitions = await Promise.all(records.map((r) => this.partitionOf(r)));
    const byTopic = new Map<
      string,
      { key: string; value: Buffer; partition: number; headers?: Record<string, string> }[]
    >();
    records.forEach((r, i) => {
      const list = byTopic.get(r.topic) ?? [];
      list.push({
        key: r.key,
        value: r.value,
        partition: partitions[i] ?? 0,
        ...(r.headers ? { headers: { ...r.headers } } : {}),
      });
      byTopic.set(r.topic, list);
    });
    const metadata = await this.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic.entries()].map(([topic, messages]) => ({ topic, messages })),
    });
    // One base offset per partition; records of a partition are appended in the order given.
    const base = new Map(metadata.map((m) => [`${m.topicName}/${m.partition}`, BigInt(m.baseOffset ?? '0')]));
    const rank = new Map<string, bigint>();
    return records.map((r, i) => {
      const partition = partitions[i] ?? 0;
      const slot = `${r.topic}/${partition}`;
      const n = rank.get(slot) ?? 0n;
      rank.set(slot, n + 1n);
      return { topic: r.topic, partition, offset: String((base.get(slot) ?? 0n) + n) };
    });
  }

  async disconnect(): Promise<void> {
    await Promise.all([this.producer.disconnect(), this.admin.disconnect()]);
  }

  private async partitionOf(record: OutgoingRecord): Promise<number> {
    let partitionMetadata = this.partitionsByTopic.get(record.topic);
    if (!partitionMetadata) {
      const { topics } = await this.admin.fetchTopicMetadata({ topics: [record.topic] });
      partitionMetadata = topics[0]?.partitions ?? [];
      this.partitionsByTopic.set(record.topic, partitionMetadata);
    }
    return this.partitioner({
      topic: record.topic,
      partitionMetadata,
      message: { key: record.key, value: record.value },
    });
  }
}
