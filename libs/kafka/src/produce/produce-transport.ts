import {
  Admin,
  CompressionTypes,
  ICustomPartitioner,
  Kafka,
  PartitionMetadata,
  Partitioners,
  Producer,
} from 'kafkajs';
import { createKafka } from '../client/kafka-client';
import { PartitionAcknowledgement } from './partition-acknowledgements';

export interface TransportMessage {
  readonly key: string;
  readonly value: Buffer;
  readonly partition: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface TopicMessages {
  readonly topic: string;
  readonly messages: readonly TransportMessage[];
}

/**
 * What the producer needs from a Kafka client: a partition for a key, and one acks=all send of records whose
 * partitions are already chosen. A port, so the producer's bookkeeping can be tested against answers a real broker
 * gives only in a failover.
 */
export interface ProduceTransport {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  partitionFor(topic: string, key: string, value: Buffer): Promise<number>;
  sendBatch(topics: readonly TopicMessages[]): Promise<readonly PartitionAcknowledgement[]>;
  /** The broker that leads a partition, as last known (-1: none known). */
  leaderOf(topic: string, partition: number): Promise<number>;
  /** Forget the known leaders: the next look-up asks the cluster. */
  forgetLeaders(): void;
}

/**
 * The broker no longer accepts this producer's sequence numbers for some partition (out of order, unknown producer id,
 * fenced epoch): nothing sent in the failed request was written past the point the broker knows. The transport has
 * already started a new producer session (new producer id, sequences from 0), so the records can be sent again.
 */
export class ProducerSessionResetError extends Error {
  constructor(readonly reason: string) {
    super(
      `the broker refused the producer's sequence numbers (${reason}); a new producer session was started`,
    );
    this.name = 'ProducerSessionResetError';
  }
}

const LOST_PRODUCER_STATE = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
]);

/** The protocol error type behind a kafkajs error, looking through its retry wrappers. */
function protocolErrorType(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string') return type;
    e = (e as { cause?: unknown }).cause ?? (e as { originalError?: unknown }).originalError;
  }
  return null;
}

/** The kafkajs client behind the port: an idempotent producer (acks=all, sequence numbers per partition). */
export class KafkajsProduceTransport implements ProduceTransport {
  private producer: Producer;
  private readonly admin: Admin;
  private readonly kafka: Kafka;
  // The Java client's murmur2 partitioner, so a key lands on the same partition whichever client wrote it.
  private readonly partitioner = (Partitioners.DefaultPartitioner as ICustomPartitioner)();
  private readonly partitionsByTopic = new Map<string, PartitionMetadata[]>();

  constructor(options: { readonly brokers: readonly string[]; readonly clientId: string }) {
    this.kafka = createKafka(options);
    this.producer = this.newProducer();
    this.admin = this.kafka.admin();
  }

  private newProducer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 5,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async connect(): Promise<void> {
    await Promise.all([this.producer.connect(), this.admin.connect()]);
  }

  async disconnect(): Promise<void> {
    await Promise.all([this.producer.disconnect(), this.admin.disconnect()]);
  }

  async partitionFor(topic: string, key: string, value: Buffer): Promise<number> {
    const partitionMetadata = await this.metadataOf(topic);
    return this.partitioner({ topic, partitionMetadata, message: { key, value } });
  }

  async leaderOf(topic: string, partition: number): Promise<number> {
    return (await this.metadataOf(topic)).find((p) => p.partitionId === partition)?.leader ?? -1;
  }

  forgetLeaders(): void {
    this.partitionsByTopic.clear();
  }

  private async metadataOf(topic: string): Promise<PartitionMetadata[]> {
    let partitionMetadata = this.partitionsByTopic.get(topic);
    if (!partitionMetadata) {
      const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
      partitionMetadata = topics[0]?.partitions ?? [];
      this.partitionsByTopic.set(topic, partitionMetadata);
    }
    return partitionMetadata;
  }

  /**
   * kafkajs keeps one producer id and per-partition sequence numbers for the life of a producer, and has no recovery
   * when a broker stops accepting them (the Java client bumps the epoch, KIP-360): every later send to that partition
   * would fail the same way, for good. A new producer session starts over.
   */
  async sendBatch(topics: readonly TopicMessages[]): Promise<readonly PartitionAcknowledgement[]> {
    try {
      return await this.sendBatchOnce(topics);
    } catch (error) {
      const type = protocolErrorType(error);
      if (type === null || !LOST_PRODUCER_STATE.has(type)) throw error;
      const old = this.producer;
      this.producer = this.newProducer();
      await old.disconnect();
      await this.producer.connect();
      throw new ProducerSessionResetError(type);
    }
  }

  private async sendBatchOnce(
    topics: readonly TopicMessages[],
  ): Promise<readonly PartitionAcknowledgement[]> {
    const answer = await this.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: topics.map(({ topic, messages }) => ({
        topic,
        messages: messages.map((m) => ({
          key: m.key,
          value: m.value,
          partition: m.partition,
          ...(m.headers ? { headers: { ...m.headers } } : {}),
        })),
      })),
    });
    return answer.map((m) => ({
      topicName: m.topicName,
      partition: m.partition,
      errorCode: m.errorCode,
      baseOffset: m.baseOffset,
    }));
  }
}
