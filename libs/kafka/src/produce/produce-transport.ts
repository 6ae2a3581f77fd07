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
import type { KafkaClientOptions } from '../client/kafka-client';

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

interface ProducerSession {
  readonly producer: Producer;
  readonly ready: Promise<void>;
}

/** The kafkajs client behind the port: an idempotent producer (acks=all, sequence numbers per partition). */
export class KafkajsProduceTransport implements ProduceTransport {
  private session: ProducerSession;
  private readonly admin: Admin;
  private readonly kafka: Kafka;
  // The Java client's murmur2 partitioner, so a key lands on the same partition whichever client wrote it.
  private readonly partitioner = (Partitioners.DefaultPartitioner as ICustomPartitioner)();
  private readonly partitionsByTopic = new Map<string, PartitionMetadata[]>();

  constructor(options: KafkaClientOptions) {
    this.kafka = createKafka(options);
    this.session = { producer: this.newProducer(), ready: Promise.resolve() };
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
    await Promise.all([this.session.producer.connect(), this.admin.connect()]);
  }

  async disconnect(): Promise<void> {
    await Promise.all([this.session.producer.disconnect(), this.admin.disconnect()]);
  }

  async partitionFor(topic: string, key: string, value: Buffer): Promise<number> {
    const partitionMetadata = await this.metadataOf(topic);
    return this.partitioner({ topic, partitionMetadata, message: { key, value } });
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
    const session = this.session;
    try {
      await session.ready;
    } catch (error) {
      // The new session could not connect: the next call tries again with another.
      if (this.session === session) this.session = this.newSession(session.producer);
      throw error;
    }
    try {
      return await this.sendBatchOnce(session.producer, topics);
    } catch (error) {
      const type = protocolErrorType(error);
      if (type === null || !LOST_PRODUCER_STATE.has(type)) throw error;
      // Calls to other partitions run side by side and may be refused too: one new session serves them all.
      if (this.session === session) this.session = this.newSession(session.producer);
      throw new ProducerSessionResetError(type);
    }
  }

  /** A new producer (new producer id, sequence numbers from zero), connected once the old one let go. */
  private newSession(old: Producer): ProducerSession {
    const producer = this.newProducer();
    const ready = old
      .disconnect()
      .catch(() => undefined)
      .then(() => producer.connect());
    ready.catch(() => undefined);
    return { producer, ready };
  }

  private async sendBatchOnce(
    producer: Producer,
    topics: readonly TopicMessages[],
  ): Promise<readonly PartitionAcknowledgement[]> {
    const answer = await producer.sendBatch({
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
