import {
  Admin,
  CompressionTypes,
  ICustomPartitioner,
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
}

/** The kafkajs client behind the port: an idempotent producer (acks=all, sequence numbers per partition). */
export class KafkajsProduceTransport implements ProduceTransport {
  private readonly producer: Producer;
  private readonly admin: Admin;
  // The Java client's murmur2 partitioner, so a key lands on the same partition whichever client wrote it.
  private readonly partitioner = (Partitioners.DefaultPartitioner as ICustomPartitioner)();
  private readonly partitionsByTopic = new Map<string, PartitionMetadata[]>();

  constructor(options: { readonly brokers: readonly string[]; readonly clientId: string }) {
    const kafka = createKafka(options);
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 5,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.admin = kafka.admin();
  }

  async connect(): Promise<void> {
    await Promise.all([this.producer.connect(), this.admin.connect()]);
  }

  async disconnect(): Promise<void> {
    await Promise.all([this.producer.disconnect(), this.admin.disconnect()]);
  }

  async partitionFor(topic: string, key: string, value: Buffer): Promise<number> {
    let partitionMetadata = this.partitionsByTopic.get(topic);
    if (!partitionMetadata) {
      const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
      partitionMetadata = topics[0]?.partitions ?? [];
      this.partitionsByTopic.set(topic, partitionMetadata);
    }
    return this.partitioner({ topic, partitionMetadata, message: { key, value } });
  }

  async sendBatch(topics: readonly TopicMessages[]): Promise<readonly PartitionAcknowledgement[]> {
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
