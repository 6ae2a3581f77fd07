import type { IncomingRecord } from '@shopstream/kafka';
import type { Logger } from '@shopstream/logging';
import type { KeyOrder } from '../key-order/key-order';
import type { SubscriberMetrics } from '../metrics/subscriber-metrics';
import { originOf } from '../retry/retry-headers';
import type { Forwarder } from './forwarder';
import { CORRELATION_HEADER } from './handler-invocation';

/**
 * Where a record goes when it does not run now: the next retry stage, behind an older event of its key, or the
 * dead-letter topic; and, with keepKeyOrder, the shared record of which events wait where.
 */
export class RetryRouter {
  constructor(
    private readonly settings: {
      readonly group: string;
      readonly delaysMs: readonly number[];
    },
    private readonly keyOrder: KeyOrder | null,
    private readonly forwarder: Forwarder,
    private readonly metrics: SubscriberMetrics,
    private readonly logger: Logger,
  ) {}

  /** With keepKeyOrder: the stage a record read at `stage` (-1: its own topic) must wait in, or null to run now. */
  stageBehindItsKey(record: IncomingRecord, stage: number): Promise<number | null> {
    return this.keyOrder ? this.keyOrder.stageBehind(record, stage) : Promise.resolve(null);
  }

  async toStage(
    record: IncomingRecord,
    from: number,
    to: number,
    reason: { error: unknown; attempts: number; dueAt: number; heldBehind: boolean },
  ): Promise<void> {
    await this.keyOrder?.placing(record, to);
    try {
      await this.forwarder.toRetry(record, to, reason);
    } catch (error) {
      await this.keyOrder?.sendFailed(record, from);
      throw error;
    }
    if (!reason.heldBehind) this.metrics.retried.inc({ group: this.settings.group, where: 'retry-topic' });
  }

  /** Per-key order: the record waits behind an older event of its key instead of running before it. */
  moveBehind(record: IncomingRecord, from: number, to: number, attempts: number): Promise<void> {
    // Behind the older event in the same partition it is read after it anyway; only a record that stays in the
    // last stage (its older event is still there) waits that stage's delay, so it is not read again at once.
    const dueAt = Date.now() + (to === from ? (this.settings.delaysMs[to] ?? 0) : 0);
    return this.toStage(record, from, to, { error: null, attempts, dueAt, heldBehind: true });
  }

  async deadLetter(stage: number, record: IncomingRecord, error: unknown, attempts: number): Promise<void> {
    const topic = await this.forwarder.toDeadLetters(record, { error, attempts });
    this.metrics.deadLettered.inc({ group: this.settings.group, topic });
    this.logger.error(
      {
        err: error,
        topic: originOf(record).topic,
        partition: record.partition,
        offset: record.offset,
        attempts,
        deadLetterTopic: topic,
        correlationId: record.headers[CORRELATION_HEADER],
      },
      'event sent to the dead-letter topic',
    );
    await this.leave(stage, record);
  }

  /** The record is done with (handled, dead-lettered or let pass): later events of its key no longer wait for it. */
  async leave(stage: number, record: IncomingRecord): Promise<void> {
    await this.keyOrder?.release(record, stage);
  }
}
