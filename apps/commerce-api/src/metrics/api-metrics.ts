import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { BehaviourPublisher } from '../behaviour-producer/behaviour-publisher';

/**
 * The API's Prometheus metrics: the process defaults plus behaviour intake and how well produce calls are shared.
 * A registry per app instance (not prom-client's global one), so tests can boot several apps in one process.
 */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();
  readonly behaviourEvents: Counter<'outcome'>;

  constructor(@Inject(BehaviourPublisher) publisher: BehaviourPublisher) {
    collectDefaultMetrics({ register: this.registry, prefix: 'commerce_api_' });
    this.behaviourEvents = new Counter({
      name: 'commerce_api_behaviour_events_total',
      help: 'Behaviour events received, by outcome (accepted: acknowledged by Kafka; rejected: invalid).',
      labelNames: ['outcome'],
      registers: [this.registry],
    });
    const stat = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    stat(
      'commerce_api_behaviour_produce_requests',
      'Sends to the batching producer (one per request with valid events).',
      () => publisher.statistics.requests,
    );
    stat(
      'commerce_api_behaviour_produce_calls',
      'Produce requests sent to Kafka; below produce_requests when requests shared a call.',
      () => publisher.statistics.produceCalls,
    );
    stat(
      'commerce_api_behaviour_produced_records',
      'Behaviour records produced.',
      () => publisher.statistics.records,
    );
  }
}
