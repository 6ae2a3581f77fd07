import { Controller, Get, Header, Inject } from '@nestjs/common';
import { LiveServer } from '../live-server';

/** The gateway's metrics, beside the /live WebSocket endpoint. */
@Controller()
export class LiveController {
  constructor(@Inject(LiveServer) private readonly live: LiveServer) {}

  @Get('live/metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return this.live.metrics.registry.metrics();
  }

  @Get('live/health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
