import { KafkaUnavailableError, RecordsNotAcknowledgedError } from '../kafka.errors';
import { acknowledgedPositions } from './partition-acknowledgements';
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
   * Sends records, one request per partition leader; returns the partition and offset of every record, in input
   * order. Throws RecordsNotAcknowledgedError, carrying the positions of the records that were acknowledged, when
   * some could not be written.
   *
   * Each leader's records go in a sendBatch call of their own, side by side: kafkajs answers a call only when all of
   * its brokers did, and when one broker fails while another is still answering, its retry sends that other broker
   * the same records again under new sequence numbers (written twice). A call per leader keeps one broker's failure
   * from touching another's records; what fails is sent again in the same producer session, whose rolled-back
   * sequence numbers let the broker drop a copy it already has.
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
      let failure: unknown = null;
      const calls = [...(await this.byLeader(pending, placed)).values()].map(async (indexes) => {
        const batch = indexes.map((i) => placed[i]!);
        try {
          const answer = await this.transport.sendBatch(byTopic(batch));
          for (const [k, offset] of acknowledgedPositions(batch, answer).offsets) {
            positions.set(indexes[k]!, { topic: batch[k]!.topic, partition: batch[k]!.partition, offset });
          }
        } catch (error) {
          failure = error;
        }
      });
      await Promise.all(calls);
      pending = pending.filter((i) => !positions.has(i));
      if (pending.length === 0) return placed.map((_, i) => positions.get(i)!);
      if (attempt >= attempts) {
        throw new RecordsNotAcknowledgedError(
          this.options.brokers,
          positions,
          pending.length,
          failure ?? new Error(`no acknowledgement for their partitions after ${attempt} sends`),
        );
      }
      this.options.onResend?.(pending.length, attempt);
      // Leadership has probably moved: group by the leaders the cluster names now.
      this.transport.forgetLeaders();
      if (!(failure instanceof ProducerSessionResetError))
        await new Promise((resolve) => setTimeout(resolve, (this.options.resendBackoffMs ?? 100) * attempt));
    }
  }

  private async byLeader(
    indexes: readonly number[],
    placed: readonly (OutgoingRecord & { partition: number })[],
  ): Promise<Map<number, number[]>> {
    const groups = new Map<number, number[]>();
    for (const i of indexes) {
      const leader = await this.transport.leaderOf(placed[i]!.topic, placed[i]!.partition);
      const group = groups.get(leader);
      if (group) group.push(i);
      else groups.set(leader, [i]);
    }
    return groups;
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
