import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import {
  BEHAVIOUR_TOPIC,
  BehaviourEvent,
  createEventCodec,
  EventCodec,
  InvalidEventError,
  ShopstreamEvent,
} from '@shopstream/events';
import { BatchingProducer, BatchingProducerStats, EventProducer, OutgoingRecord } from '@shopstream/kafka';
import { CommerceApiConfig } from '../commerce-api.config';
import { COMMERCE_API_CONFIG } from '../order-flow/order-flow.token';

/** An event the codec refused (it does not fit the Avro schema), with the codec's problems. */
export interface EncodeRejection {
  readonly index: number;
  readonly problems: readonly string[];
}

/**
 * Encodes behaviour events and produces them keyed by session id. One BatchingProducer serves every request, so
 * concurrent requests share produce calls (acks=all each). Connects on first use: a broker that is down at start
 * answers 503 per request instead of keeping the API from starting.
 */
@Injectable()
export class BehaviourPublisher implements OnApplicationShutdown {
  private readonly codec: EventCodec<ShopstreamEvent>;
  private readonly producer: EventProducer;
  private readonly batching: BatchingProducer;
  private connecting: Promise<void> | null = null;

  constructor(@Inject(COMMERCE_API_CONFIG) config: CommerceApiConfig) {
    this.codec = createEventCodec(config.platform.registry.url);
    this.producer = new EventProducer({ brokers: config.platform.kafka.brokers, clientId: 'commerce-api' });
    this.batching = new BatchingProducer(this.producer, config.behaviourLingerMs);
  }

  get statistics(): BatchingProducerStats {
    return this.batching.statistics;
  }

  /** Resolves once Kafka acknowledged every encodable event; returns the ones the codec refused. */
  async publish(events: readonly { readonly index: number; readonly event: BehaviourEvent }[]): Promise<{
    readonly accepted: number;
    readonly rejected: readonly EncodeRejection[];
  }> {
    const rejected: EncodeRejection[] = [];
    const records: OutgoingRecord[] = [];
    for (const { index, event } of events) {
      try {
        records.push({ topic: BEHAVIOUR_TOPIC, key: event.sessionId, value: await this.codec.encode(event) });
      } catch (error) {
        // A schema mismatch is this event's problem; anything else (registry down) fails the whole request.
        if (!(error instanceof InvalidEventError)) throw error;
        rejected.push({ index, problems: error.problems });
      }
    }
    if (records.length > 0) {
      await this.connect();
      await this.batching.send(records);
    }
    return { accepted: records.length, rejected };
  }

  async onApplicationShutdown(): Promise<void> {
    // Disconnect even after a failed connect: kafkajs keeps retrying in the background until told to stop.
    await this.batching.drain();
    await this.producer.disconnect();
  }

  private connect(): Promise<void> {
    if (!this.connecting) {
      const attempt = this.producer.connect();
      this.connecting = attempt;
      // A failed connection is not kept: the next request tries again.
      attempt.catch(() => {
        if (this.connecting === attempt) this.connecting = null;
      });
    }
    return this.connecting;
  }
}
