import { Consumer, EachBatchPayload } from 'kafkajs';
import { createKafka } from '../client/kafka-client';
import { KafkaUnavailableError } from '../kafka.errors';

export interface IncomingRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  /** Broker or producer timestamp, epoch milliseconds. */
  readonly timestamp: number;
  readonly headers: Readonly<Record<string, string>>;
}

export interface RecordBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly IncomingRecord[];
  /** The partition's log end offset when the batch was fetched: the lag is this minus the next offset. */
  readonly highWatermark: string;
}

export interface BatchConsumerOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly fromBeginning: boolean;
}

/**
 * A consumer-group member that hands whole batches to `onBatch`. A batch counts as processed, and its offsets are
 * committed, only when `onBatch` resolves; a throw stops the batch and kafkajs delivers it again.
 */
export class BatchConsumer {
  private readonly consumer: Consumer;

  constructor(private readonly options: BatchConsumerOptions) {
    this.consumer = createKafka(options).consumer({ groupId: options.groupId, readUncommitted: false });
  }

  async start(onBatch: (batch: RecordBatch) => Promise<void>): Promise<void> {
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({
        topics: [...this.options.topics],
        fromBeginning: this.options.fromBeginning,
      });
    } catch (error) {
      throw new KafkaUnavailableError(this.options.brokers, error);
    }
    await this.consumer.run({
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat }: EachBatchPayload) => {
        const records: IncomingRecord[] = batch.messages.map((m) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key ? m.key.toString('utf8') : null,
          value: m.value,
          timestamp: Number(m.timestamp),
          headers: Object.fromEntries(
            Object.entries(m.headers ?? {}).map(([k, v]) => [
              k,
              Buffer.isBuffer(v) ? v.toString('utf8') : String(v ?? ''),
            ]),
          ),
        }));
        await onBatch({
          topic: batch.topic,
          partition: batch.partition,
          records,
          highWatermark: batch.highWatermark,
        });
        const last = records[records.length - 1];
        if (last) resolveOffset(last.offset);
        await heartbeat();
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
