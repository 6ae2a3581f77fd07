import type { EventCodec } from '@shopstream/events';
import type { ShopstreamEvent } from '@shopstream/events';
import type { ConsumerBatchControl, IncomingRecord, RecordBatch } from '@shopstream/kafka';
import type { Logger } from '@shopstream/logging';
import type { BatchHandler, EventHandler } from '../handlers/handler-map';
import type { KeyOrder } from '../key-order/key-order';
import type { SubscriberMetrics } from '../metrics/subscriber-metrics';
import { BackoffPolicy, tryWithBackoff } from '../retry/backoff';
import { dueAtOf, originOf } from '../retry/retry-headers';
import { UnhandledEventError } from '../subscriber.errors';
import { DecodedRecord, decodeRecord } from './decode-record';
import { Forwarder } from './forwarder';
import { AnyDelivery, eventName, handlerContext } from './handler-invocation';
import { RetryRouter } from './retry-router';

export type Handling =
  | {
      readonly mode: 'each';
      readonly handlers: Readonly<Record<string, EventHandler<ShopstreamEvent> | undefined>>;
    }
  | { readonly mode: 'batch'; readonly handleBatch: BatchHandler<ShopstreamEvent> };

export interface PipelineSettings {
  readonly group: string;
  readonly handling: Handling;
  readonly backoff: BackoffPolicy;
  readonly delaysMs: readonly number[];
  readonly isPermanent: (error: unknown) => boolean;
  readonly unhandled: 'skip' | 'dead-letter';
}

/** A record ready for its handler, or already dealt with (moved, skipped, dead-lettered). */
type Prepared =
  | { readonly done: true }
  | { readonly done: false; readonly delivery: AnyDelivery; readonly record: IncomingRecord };

const REGISTRY_BACKOFF: BackoffPolicy = {
  attempts: 8,
  initialDelayMs: 200,
  maxDelayMs: 5_000,
  multiplier: 2,
};

/**
 * What happens to each record of a batch, read from the subscribed topics (stage -1) or a retry stage: decode,
 * route to its handler, retry in place, then move it to the next retry stage or the dead-letter topic. A record's
 * offset is resolved once it is dealt with, so a shutdown part-way through a batch commits what was done and
 * leaves the rest to the next owner of the partition.
 */
export class RecordPipeline {
  private readonly router: RetryRouter;

  constructor(
    private readonly settings: PipelineSettings,
    private readonly codec: EventCodec<ShopstreamEvent>,
    forwarder: Forwarder,
    keyOrder: KeyOrder | null,
    private readonly metrics: SubscriberMetrics,
    private readonly logger: Logger,
  ) {
    this.router = new RetryRouter(settings, keyOrder, forwarder, metrics, logger);
  }

  async handleBatch(stage: number, batch: RecordBatch, control: ConsumerBatchControl): Promise<void> {
    const last = batch.records.at(-1);
    if (last)
      this.metrics.lag.set(
        { group: this.settings.group, topic: batch.topic, partition: String(batch.partition) },
        Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(last.offset) - 1n)),
      );
    if (this.settings.handling.mode === 'batch' && stage < 0) return this.handleAsBatch(batch, control);
    for (const record of batch.records) {
      if (!control.isActive()) return;
      // Retry topics are named after the topic, like Spring's, so other groups' retries share them: passed by at
      // once, not waited for (one due later would hold up this group's records behind it).
      if (stage >= 0 && !this.isOwn(record)) {
        control.resolveOffset(record.offset);
        continue;
      }
      if (stage >= 0 && !(await this.waitUntilDue(record, control))) return;
      const prepared = await this.prepare(stage, record);
      if (!prepared.done && !(await this.run(stage, [prepared], control))) return;
      control.resolveOffset(record.offset);
    }
  }

  /** The whole batch to handleBatch at once; if it keeps failing, record by record, so one bad event is found. */
  private async handleAsBatch(batch: RecordBatch, control: ConsumerBatchControl): Promise<void> {
    const ready: Extract<Prepared, { done: false }>[] = [];
    for (const record of batch.records) {
      const prepared = await this.prepare(-1, record);
      if (!prepared.done) ready.push(prepared);
    }
    if (ready.length === 0 || (await this.attempt(ready, control)).ok) {
      const last = batch.records.at(-1);
      if (last && control.isActive()) control.resolveOffset(last.offset);
      if (ready.length) this.countHandled(ready);
      for (const { record } of ready) await this.router.leave(-1, record);
      return;
    }
    if (!control.isActive()) return;
    // Records prepare() moved or skipped are done; the ones for the handler are done once run() says so.
    let next = 0;
    for (const record of batch.records) {
      if (!control.isActive()) return;
      const one = ready[next];
      if (one && one.record === record) {
        next++;
        const join = await this.router.stageBehindItsKey(record, -1);
        if (join !== null) await this.router.moveBehind(record, -1, join, 0);
        else if (!(await this.run(-1, [one], control))) return;
      }
      control.resolveOffset(record.offset);
    }
  }

  /** Decodes a record and decides whether it goes to a handler. */
  private async prepare(stage: number, record: IncomingRecord): Promise<Prepared> {
    const { group } = this.settings;
    const origin = originOf(record);
    const join = await this.router.stageBehindItsKey(record, stage);
    if (join !== null) {
      await this.router.moveBehind(record, stage, join, origin.attempts);
      return { done: true };
    }
    let decoded: DecodedRecord | undefined;
    // The registry not answering is the one decoding failure that goes away: wait for it, then let kafkajs
    // deliver the batch again rather than dead-letter events that are fine.
    const outcome = await tryWithBackoff(async () => {
      decoded = await decodeRecord(this.codec, record);
    }, REGISTRY_BACKOFF);
    if (!outcome.ok || !decoded) throw outcome.ok ? new Error('decoding gave no result') : outcome.error;
    const attempt = origin.attempts + 1;
    if (decoded.kind === 'poison') {
      await this.router.deadLetter(stage, record, decoded.error, origin.attempts);
      return { done: true };
    }
    const type = decoded.kind === 'event' ? decoded.event.type : 'unknown';
    if (decoded.kind === 'unknown' || !this.takes(decoded.event)) {
      if (this.settings.unhandled === 'dead-letter') {
        await this.router.deadLetter(
          stage,
          record,
          decoded.kind === 'unknown' ? decoded.error : new UnhandledEventError(type, group),
          origin.attempts,
        );
      } else {
        this.metrics.skipped.inc({ group, type });
        await this.router.leave(stage, record);
      }
      return { done: true };
    }
    const ctx = handlerContext(record, decoded.event, attempt, this.logger);
    return { done: false, record, delivery: { event: decoded.event, ctx } };
  }

  private isOwn(record: IncomingRecord): boolean {
    const { group } = originOf(record);
    return group === null || group === this.settings.group;
  }

  private takes(event: ShopstreamEvent): boolean {
    const { handling } = this.settings;
    return handling.mode === 'batch' || handling.handlers[eventName(event.type)] !== undefined;
  }

  /** Runs the handler with in-place retries, then moves the record on if it still fails. False: stopping. */
  private async run(
    stage: number,
    items: Extract<Prepared, { done: false }>[],
    control: ConsumerBatchControl,
  ): Promise<boolean> {
    const outcome = await this.attempt(items, control);
    const [item] = items;
    if (!item) return true;
    if (outcome.ok) {
      this.countHandled(items);
      await this.router.leave(stage, item.record);
      return true;
    }
    // Stopping: the record is left for the partition's next owner, not moved on half-tried.
    if (!control.isActive()) return false;
    const attempts = originOf(item.record).attempts + outcome.tries;
    const next = stage + 1;
    if (this.settings.isPermanent(outcome.error) || next >= this.settings.delaysMs.length) {
      await this.router.deadLetter(stage, item.record, outcome.error, attempts);
      return true;
    }
    await this.router.toStage(item.record, stage, next, {
      error: outcome.error,
      attempts,
      dueAt: Date.now() + this.settings.delaysMs[next]!,
      heldBehind: false,
    });
    item.delivery.ctx.log.warn(
      { err: outcome.error, attempts, retryStage: next },
      'handler failed; the event moves to a retry topic',
    );
    return true;
  }

  private async attempt(items: Extract<Prepared, { done: false }>[], control: ConsumerBatchControl) {
    const { handling, group } = this.settings;
    let tries = 0;
    const call = async () => {
      tries++;
      const stop = this.metrics.handlerSeconds.startTimer({ group });
      try {
        if (handling.mode === 'batch') {
          await handling.handleBatch(
            items.map((i) =>
              tries === 1
                ? i.delivery
                : { ...i.delivery, ctx: { ...i.delivery.ctx, attempt: i.delivery.ctx.attempt + tries - 1 } },
            ),
          );
        } else {
          for (const { delivery } of items) {
            const handler = handling.handlers[eventName(delivery.event.type)]!;
            await handler(
              delivery.event,
              tries === 1 ? delivery.ctx : { ...delivery.ctx, attempt: delivery.ctx.attempt + tries - 1 },
            );
          }
        }
      } finally {
        stop();
      }
    };
    return tryWithBackoff(call, this.settings.backoff, {
      isPermanent: this.settings.isPermanent,
      keepGoing: () => control.isActive(),
      onRetry: (error, n) => {
        this.metrics.retried.inc({ group, where: 'in-place' });
        items[0]?.delivery.ctx.log.info({ err: error, tries: n }, 'handler failed; retrying in place');
      },
    });
  }

  private countHandled(items: Extract<Prepared, { done: false }>[]): void {
    for (const { delivery } of items)
      this.metrics.handled.inc({ group: this.settings.group, type: delivery.event.type });
  }

  /** Sleeps until the record's retry is due, heartbeating; false if the consumer stops meanwhile. */
  private async waitUntilDue(record: IncomingRecord, control: ConsumerBatchControl): Promise<boolean> {
    for (;;) {
      if (!control.isActive()) return false;
      const wait = dueAtOf(record) - Date.now();
      if (wait <= 0) return true;
      await new Promise((r) => setTimeout(r, Math.min(wait, 1_000)));
      await control.heartbeat();
    }
  }
}
