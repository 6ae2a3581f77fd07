import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { BatchingProducerStats } from '@shopstream/kafka';
import { BehaviourPublisher } from '../behaviour-producer/behaviour-publisher';
import { ApiMetrics } from './api-metrics';
import { OpenRoute } from '@shopstream/http';

@Controller()
@OpenRoute('metrics')
export class MetricsController {
  constructor(
    @Inject(ApiMetrics) private readonly metrics: ApiMetrics,
    @Inject(BehaviourPublisher) private readonly publisher: BehaviourPublisher,
  ) {}

  /** Prometheus text format. */
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async prometheus(): Promise<string> {
    return this.metrics.registry.metrics();
  }

  /** The behaviour producer's batching as JSON: requests vs produce calls. */
  @Get('stats')
  stats(): { readonly behaviourProducer: BatchingProducerStats } {
    return { behaviourProducer: this.publisher.statistics };
  }
}
