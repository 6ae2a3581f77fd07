import { createEventCodec } from '@shopstream/events';
import type { ShopstreamEvent } from '@shopstream/events';
import { BatchConsumer, ensureDerivedTopics, EventProducer } from '@shopstream/kafka';
import { createLogger, Logger } from '@shopstream/logging';
import { connectionFromEnvironment } from '../config/subscriber-connection';
import type { TopicRef } from '../handlers/event-types';
import type { EventHandler } from '../handlers/handler-map';
import { KeyOrder } from '../key-order/key-order';
import { SubscriberMetrics } from '../metrics/subscriber-metrics';
import { DEFAULT_BACKOFF } from '../retry/backoff';
import { deadLetterTopicName, retryGroupName, retryTopicName } from '../retry/retry-topics';
import { Forwarder } from '../run/forwarder';
import { Handling, RecordPipeline } from '../run/record-pipeline';
import { SubscriberConfigError, SubscriptionStateError } from '../subscriber.errors';
import type { SubscribeOptions } from './subscribe-options';

const DEFAULT_DELAYS_MS = [1_000, 10_000, 60_000];
/** Retry and dead-letter topics keep their records a week unless the catalog says otherwise. */
const DERIVED_TOPIC_RETENTION_MS = String(7 * 24 * 3_600_000);

/** A running subscription: its consumer group, retry stages and dead-letter topics. */
export class Subscription {
  readonly group: string;
  readonly metrics: SubscriberMetrics;
  private state: 'new' | 'running' | 'stopping' | 'stopped' = 'new';
  private readonly consumers: { consumer: BatchConsumer; joined: boolean }[] = [];
  private producer: EventProducer | null = null;
  private readonly log: Logger;

  constructor(private readonly options: SubscribeOptions<readonly TopicRef[]>) {
    this.group = options.group;
    this.metrics = options.metrics ?? new SubscriberMetrics();
    this.log = (options.logger ?? createLogger('subscriber')).child({ group: options.group });
  }

  /** The names of the topics read, in order. */
  get topicNames(): string[] {
    return this.options.topics.map((t) => (typeof t === 'string' ? t : t.name));
  }

  /** True once every consumer (the group's and each retry stage's) has joined its group. */
  isReady(): boolean {
    return this.state === 'running' && this.consumers.every((c) => c.joined);
  }

  isRunning(): boolean {
    return this.state === 'running';
  }

  async start(): Promise<void> {
    if (this.state !== 'new') throw new SubscriptionStateError(this.group, this.state);
    this.state = 'running';
    const options = this.options;
    const connection = options.connection ?? connectionFromEnvironment();
    const delaysMs = options.retry?.topicDelaysMs ?? DEFAULT_DELAYS_MS;
    validate(options.group, delaysMs, this.topicNames, options.retry?.keepKeyOrder?.schema);

    await ensureDerivedTopics(
      connection.brokers,
      this.topicNames.flatMap((source) => [
        ...delaysMs.map((d) => ({
          name: retryTopicName(source, d),
          source,
          description: `Events of ${source} waiting ${d} ms to be tried again`,
          config: { 'retention.ms': DERIVED_TOPIC_RETENTION_MS },
        })),
        {
          name: deadLetterTopicName(source),
          source,
          description: `Events of ${source} that failed every try`,
          config: { 'retention.ms': DERIVED_TOPIC_RETENTION_MS },
        },
      ]),
      connection.credentials,
    );

    const keepKeyOrder = options.retry?.keepKeyOrder;
    const keyOrder = keepKeyOrder ? new KeyOrder(keepKeyOrder, options.group, delaysMs.length - 1) : null;
    // Before any consumer reads: the first event that fails must find the table to record that its key waits.
    await keyOrder?.migrate();

    const producer = new EventProducer({
      brokers: connection.brokers,
      clientId: `subscriber-${options.group}`,
      credentials: connection.credentials,
    });
    await producer.connect();
    this.producer = producer;
    const handling: Handling = options.handleBatch
      ? { mode: 'batch', handleBatch: options.handleBatch as never }
      : {
          mode: 'each',
          handlers: options.handlers as Readonly<Record<string, EventHandler<ShopstreamEvent> | undefined>>,
        };
    const pipeline = new RecordPipeline(
      {
        group: options.group,
        handling,
        backoff: { ...DEFAULT_BACKOFF, ...options.retry?.inPlace },
        delaysMs,
        isPermanent: options.retry?.isPermanent ?? (() => false),
        unhandled: options.unhandled ?? 'skip',
      },
      createEventCodec(connection.registryUrl, options.upcasters ?? []),
      new Forwarder(producer, options.group, delaysMs),
      keyOrder,
      this.metrics,
      this.log,
    );

    const stages = [
      { stage: -1, groupId: options.group, topics: this.topicNames },
      ...delaysMs.map((d, stage) => ({
        stage,
        groupId: retryGroupName(options.group, d),
        topics: this.topicNames.map((t) => retryTopicName(t, d)),
      })),
    ];
    for (const { stage, groupId, topics } of stages) {
      const entry = { consumer: null as unknown as BatchConsumer, joined: false };
      entry.consumer = new BatchConsumer({
        brokers: connection.brokers,
        clientId: `subscriber-${groupId}`,
        credentials: connection.credentials,
        groupId,
        topics,
        // Retry topics are read from their start: a stage's group is new whenever the group is.
        fromBeginning: stage >= 0 || (options.fromBeginning ?? true),
        partitionsConsumedConcurrently: options.concurrency ?? 1,
        ...(options.maxBytesPerPartition ? { maxBytesPerPartition: options.maxBytesPerPartition } : {}),
        onAssigned: () => {
          entry.joined = true;
        },
      });
      this.consumers.push(entry);
      await entry.consumer.start((batch, control) => pipeline.handleBatch(stage, batch, control));
    }
    this.log.info({ topics: this.topicNames, retryDelaysMs: delaysMs }, 'subscription started');
  }

  /**
   * Finishes the handler calls under way, commits what was handled and leaves the groups, so the partitions move to
   * another member at once instead of after the session times out.
   */
  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    this.state = 'stopping';
    await Promise.all(this.consumers.map((c) => c.consumer.stop()));
    await this.producer?.disconnect();
    this.state = 'stopped';
    this.log.info('subscription stopped');
  }
}

function validate(
  group: string,
  delaysMs: readonly number[],
  topics: readonly string[],
  keyOrderSchema: string | undefined,
): void {
  const problems: string[] = [];
  if (!/^[a-zA-Z0-9._-]{1,200}$/.test(group))
    problems.push(`group: "${group}" must be 1-200 of [a-zA-Z0-9._-]`);
  if (topics.length === 0) problems.push('topics: name at least one topic');
  if (delaysMs.some((d) => !Number.isInteger(d) || d <= 0))
    problems.push(`retry.topicDelaysMs: ${delaysMs.join(', ')} must be positive whole milliseconds`);
  if (new Set(delaysMs).size !== delaysMs.length)
    problems.push('retry.topicDelaysMs: each delay names a topic, so each may appear once');
  if (keyOrderSchema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(keyOrderSchema))
    problems.push(
      `retry.keepKeyOrder.schema: "${keyOrderSchema}" must be a lower-case PostgreSQL identifier`,
    );
  if (problems.length) throw new SubscriberConfigError(problems);
}
