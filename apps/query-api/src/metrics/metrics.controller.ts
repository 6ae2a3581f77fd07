import { Controller, Get, Header, Inject } from '@nestjs/common';
import { QueryMetrics } from './query-metrics';
import { OpenRoute } from '@shopstream/http';

@Controller()
@OpenRoute('metrics')
export class MetricsController {
  constructor(@Inject(QueryMetrics) private readonly metrics: QueryMetrics) {}

  /** Prometheus text format. */
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async prometheus(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
