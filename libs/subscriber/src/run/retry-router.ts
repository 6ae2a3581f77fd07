import type { IncomingRecord } from '@shopstream/kafka';
import type { Logger } from '@shopstream/logging';
import type { SubscriberMetrics } from '../metrics/subscriber-metrics';
import { HeldKeys } from '../retry/held-keys';
import { originOf } from '../retry/retry-headers';
import type { Forwarder } from './forwarder';
import { CORRELATION_HEADER } from './handler-invocation';

/**
 * Where a record goes when it does not run now: the next retry stage, behind an older event of its key, or the
 * dead-letter topic; and, with keepKeyOrder, the count of each key's events waiting in each stage.
 */
export class RetryRouter {
  private readonly held: HeldKeys;

  constructor(
    private readonly settings: {
      readonly group: string;
      readonly keepKeyOrder: boolean;
      readonly delaysMs: readonly number[];
    },
    private readonly forwarder: Forwarder,
    private readonly metrics: SubscriberMetrics,
    private readonly logger: Logger,
  ) {
    this.held = new HeldKeys(settings.delaysMs.length);
  }

  /** With keepKeyOrder: the stage a record read at `stage` (-1: its own topic) must wait in, or null to run now. */
  stageBehindItsKey(record: IncomingRecord, stage: number): number | null {
    if (!this.settings.keepKeyOrder || record.key === null) return null;
    if (stage < 0) return this.held.stageToJoin(record.key);
    return this.held.mustMoveOn(record.key, stage) ? stage + 1 : null;
  }

  async toStage(
    record: IncomingRecord,
    from: number,
    to: number,
    reason: { error: unknown; attempts: number; dueAt: number; heldBehind: boolean },
  ): Promise<void> {
    const key = this.settings.keepKeyOrder ? record.key : null;
    if (key !== null) this.held.entering(key, to);
    try {
      await this.forwarder.toRetry(record, to, reason);
    } catch (error) {
      if (key !== null) this.held.left(key, to);
      throw error;
    }
    if (!reason.heldBehind) this.metrics.retried.inc({ group: this.settings.group, where: 'retry-topic' });
    this.leave(from, record);
  }

  /** Per-key order: the record waits behind an older event of its key instead of running before it. */
  moveBehind(record: IncomingRecord, from: number, to: number, attempts: number): Promise<void> {
    return this.toStage(record, from, to, { error: null, attempts, dueAt: Date.now(), heldBehind: true });
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
    this.leave(stage, record);
  }

  leave(stage: number, record: IncomingRecord): void {
    if (stage >= 0 && this.settings.keepKeyOrder && record.key !== null) this.held.left(record.key, stage);
  }
}
