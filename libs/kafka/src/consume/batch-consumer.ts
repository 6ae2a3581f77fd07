import { Consumer, EachBatchPayload } from 'kafkajs';
import { createKafka } from '../client/kafka-client';
import { KafkaUnavailableError } from '../kafka.errors';
import { CrashRestart } from './crash-restart';
import { singleFlight } from './single-flight';
import { createLogger } from '@shopstream/logging';
import type { KafkaCredentials } from '../client/kafka-credentials';
import { IDLE_FETCH_WAIT_MS } from './idle-fetch-wait';

const logger = createLogger('kafka');

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
  /** The principal to read as; the process's own when absent. */
  readonly credentials?: KafkaCredentials | null;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly fromBeginning: boolean;
  /** Upper bound of bytes fetched per partition and request; larger means bigger batches when behind. */
  readonly maxBytesPerPartition?: number;
  /**
   * Partitions handled at once, each still strictly in order. At the head of the log a batch is one or two events
   * and its cost is round trips to the store; overlapping partitions hides them instead of queueing 12 in a row.
   */
  readonly partitionsConsumedConcurrently?: number;
  /**
   * For a handler that keeps its own position (a projection's checkpoint in PostgreSQL), Kafka's committed offset
   * is only a hint for lag tools: commit it at most this often instead of after every batch, one broker round trip
   * per batch less. Unset: committed after every batch.
   */
  readonly commitIntervalMs?: number;
  /**
   * How often the member tells the group it is alive, and so how soon it learns that another member joined and
   * rejoins to share the partitions with it. 2 s unless told otherwise.
   */
  readonly heartbeatIntervalMs?: number;
  /** Called after every group join (start and each rebalance) with the partitions now owned. */
  readonly onAssigned?: (assignment: ReadonlyMap<string, readonly number[]>) => void | Promise<void>;
}

/** What a batch handler may do besides processing: move the partition's position, keep the session alive. */
export interface BatchControl {
  /** The next fetch of this partition starts at `offset`; the rest of the current batch is discarded. */
  seek(offset: string): void;
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping or the partition was revoked: stop work on this batch. */
  isActive(): boolean;
}

/** The control a BatchConsumer hands out: it can also mark part of the batch as done. */
export interface ConsumerBatchControl extends BatchControl {
  /**
   * Marks the records up to `offset` as done, so a handler that stops part-way (on shutdown) has what it finished
   * committed and only the rest delivered again.
   */
  resolveOffset(offset: string): void;
}

/**
 * A consumer-group member that hands whole batches to `onBatch`. A batch counts as processed, and its offsets are
 * committed, only when `onBatch` resolves; a throw stops the batch and kafkajs delivers it again.
 */
export class BatchConsumer {
  private readonly consumer: Consumer;
  private readonly restart: CrashRestart;

  constructor(private readonly options: BatchConsumerOptions) {
    this.consumer = createKafka(options).consumer({
      groupId: options.groupId,
      readUncommitted: false,
      // A crashed member's partitions move to the others after 10 s instead of kafkajs's default 30 s.
      sessionTimeout: 10_000,
      heartbeatInterval: options.heartbeatIntervalMs ?? 2_000,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
      maxWaitTimeInMs: IDLE_FETCH_WAIT_MS,
    });
    this.restart = new CrashRestart(this.consumer, options.groupId);
  }

  async start(onBatch: (batch: RecordBatch, control: ConsumerBatchControl) => Promise<void>): Promise<void> {
    const { onAssigned } = this.options;
    if (onAssigned) {
      this.consumer.on(this.consumer.events.GROUP_JOIN, (event) => {
        const assignment = new Map(Object.entries(event.payload.memberAssignment));
        void Promise.resolve(onAssigned(assignment)).catch((error: unknown) =>
          logger.error({ err: error }, 'rebalance handler failed'),
        );
      });
    }
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({
        topics: [...this.options.topics],
        fromBeginning: this.options.fromBeginning,
      });
    } catch (error) {
      throw new KafkaUnavailableError(this.options.brokers, error);
    }
    const { commitIntervalMs } = this.options;
    // kafkajs notes the time of a commit only once the broker has answered it, so every partition's handler of a
    // fetch that ends past the interval sent its own OffsetCommit: about 40, queued one after another on the
    // coordinator's connection, held the next fetch for 200–300 ms every 5 s (most of L's p99). One at a time: a
    // handler that finds one under way waits for it and leaves its offsets to the next.
    const commitOnce = singleFlight();
    await this.restart.run({
      eachBatchAutoResolve: false,
      ...(commitIntervalMs === undefined ? {} : { autoCommit: false, autoCommitInterval: commitIntervalMs }),
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: async ({
        batch,
        resolveOffset,
        heartbeat,
        isRunning,
        isStale,
        commitOffsetsIfNecessary,
      }: EachBatchPayload) => {
        let sought = false;
        const control: ConsumerBatchControl = {
          seek: (offset) => {
            sought = true;
            this.consumer.seek({ topic: batch.topic, partition: batch.partition, offset });
          },
          heartbeat,
          isActive: () => isRunning() && !isStale() && !sought,
          resolveOffset,
        };
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
        await onBatch(
          { topic: batch.topic, partition: batch.partition, records, highWatermark: batch.highWatermark },
          control,
        );
        this.restart.progressed();
        const last = records[records.length - 1];
        if (last && !sought && isRunning() && !isStale()) resolveOffset(last.offset);
        if (commitIntervalMs !== undefined) await commitOnce(commitOffsetsIfNecessary);
        await heartbeat();
      },
    });
  }

  /**
   * The next fetch of an assigned partition starts at `offset`, outside any handler: for work applied after its
   * handler returned, and for positions kept elsewhere, read back after a rebalance.
   */
  seek(topic: string, partition: number, offset: string): void {
    this.consumer.seek({ topic, partition, offset });
  }

  async stop(): Promise<void> {
    this.restart.stop();
    await this.consumer.disconnect();
  }
}
