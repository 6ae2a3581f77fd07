import { PartitionAcknowledgement } from './partition-acknowledgements';
import { ProducerSessionResetError, ProduceTransport, TopicMessages } from './produce-transport';

/**
 * What became of one partition's records in a call:
 * - answered: written, and the answer reached the client (which moves its sequence number on);
 * - unanswered: written, but the answer was lost (the call fails; the client's sequence number stays);
 * - refused: not written (the call fails);
 * - left-out: written, and the call resolves with an answer that lacks the partition (kafkajs 2.2.4 in a failover);
 * - session-lost: the broker no longer knows the producer (UNKNOWN_PRODUCER_ID), and the client starts a new session.
 */
export type Fate = 'answered' | 'unanswered' | 'refused' | 'left-out' | 'session-lost';

/** The fates of a partition (`topic/partition`) in the calls that carry it, in turn; answered once they run out. */
export type Script = Readonly<Record<string, readonly Fate[]>>;

/**
 * A transport for specs that behaves like kafkajs in front of an idempotent broker: the client numbers each
 * partition's records and moves the number on only when the partition's answer arrives; the broker drops a batch
 * whose numbers repeat its last one (answering with the first copy's offset), appends the next numbers, and refuses
 * any other numbers, after which the client starts a new producer session. A key's partition is its digits.
 */
export class IdempotentBrokerTransport implements ProduceTransport {
  readonly calls: string[][] = [];
  /** Every partition's log, as record values. */
  readonly log = new Map<string, string[]>();
  private readonly nextSequence = new Map<string, number>();
  private readonly lastBatch = new Map<string, { first: number; last: number; offset: number }>();
  sessions = 1;

  private readonly calledFor = new Map<string, number>();

  constructor(private readonly script: Script = {}) {}

  connect = () => Promise.resolve();
  disconnect = () => Promise.resolve();
  partitionFor = (_topic: string, key: string) => Promise.resolve(Number(key.replace(/\D/g, '')));

  values(slot: string): string[] {
    return this.log.get(slot) ?? [];
  }

  sendBatch(topics: readonly TopicMessages[]): Promise<readonly PartitionAcknowledgement[]> {
    const batches = topics.flatMap(({ topic, messages }) =>
      [...new Set(messages.map((m) => m.partition))].map((partition) => ({
        topic,
        partition,
        slot: `${topic}/${partition}`,
        values: messages.filter((m) => m.partition === partition).map((m) => m.value.toString()),
      })),
    );
    this.calls.push(batches.map((b) => `${b.slot}:${b.values.join(',')}`));
    const answer: PartitionAcknowledgement[] = [];
    let failed = false;
    for (const batch of batches) {
      const call = this.calledFor.get(batch.slot) ?? 0;
      this.calledFor.set(batch.slot, call + 1);
      const fate = this.script[batch.slot]?.[call] ?? 'answered';
      if (fate === 'session-lost') return Promise.reject(this.newSession('UNKNOWN_PRODUCER_ID'));
      if (fate === 'refused') {
        failed = true;
        continue;
      }
      const first = this.nextSequence.get(batch.slot) ?? 0;
      const last = first + batch.values.length - 1;
      const offset = this.append(batch.slot, first, last, batch.values);
      if (offset === null) return Promise.reject(this.newSession('OUT_OF_ORDER_SEQUENCE_NUMBER'));
      if (fate === 'answered') {
        this.nextSequence.set(batch.slot, last + 1);
        answer.push({
          topicName: batch.topic,
          partition: batch.partition,
          errorCode: 0,
          baseOffset: String(offset),
        });
      } else if (fate === 'unanswered') failed = true;
    }
    return failed ? Promise.reject(new Error('request timed out')) : Promise.resolve(answer);
  }

  /** The broker's side: the offset of the batch's first record, or null when its sequence numbers are refused. */
  private append(slot: string, first: number, last: number, values: readonly string[]): number | null {
    const previous = this.lastBatch.get(slot);
    if (previous && previous.first === first && previous.last === last) return previous.offset;
    if (first !== (previous ? previous.last + 1 : 0)) return null;
    const log = this.log.get(slot) ?? [];
    const offset = log.length;
    log.push(...values);
    this.log.set(slot, log);
    this.lastBatch.set(slot, { first, last, offset });
    return offset;
  }

  private newSession(reason: string): ProducerSessionResetError {
    this.sessions++;
    this.nextSequence.clear();
    this.lastBatch.clear();
    return new ProducerSessionResetError(reason);
  }
}
