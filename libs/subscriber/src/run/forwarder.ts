import type { EventProducer, IncomingRecord } from '@shopstream/kafka';
import { forwardHeaders, ForwardReason, originOf } from '../retry/retry-headers';
import { deadLetterTopicName, retryTopicName } from '../retry/retry-topics';

/** Sends records on to a retry stage or the dead-letter topic of their original topic. */
export class Forwarder {
  constructor(
    private readonly producer: EventProducer,
    private readonly group: string,
    private readonly delaysMs: readonly number[],
  ) {}

  /** To retry stage `stage` (0 is the first delay). Resolves once the broker has the copy. */
  async toRetry(record: IncomingRecord, stage: number, reason: ForwardReason): Promise<string> {
    const delay = this.delaysMs[stage];
    if (delay === undefined)
      throw new RangeError(`no retry stage ${stage}; there are ${this.delaysMs.length}`);
    const topic = retryTopicName(originOf(record).topic, delay);
    await this.send(topic, record, reason);
    return topic;
  }

  async toDeadLetters(
    record: IncomingRecord,
    reason: Omit<ForwardReason, 'dueAt' | 'heldBehind'>,
  ): Promise<string> {
    const topic = deadLetterTopicName(originOf(record).topic);
    await this.send(topic, record, { ...reason, dueAt: 0, heldBehind: false });
    return topic;
  }

  private async send(topic: string, record: IncomingRecord, reason: ForwardReason): Promise<void> {
    await this.producer.send([
      {
        topic,
        key: record.key ?? '',
        value: record.value ?? Buffer.alloc(0),
        headers: forwardHeaders(record, this.group, reason),
      },
    ]);
  }
}
