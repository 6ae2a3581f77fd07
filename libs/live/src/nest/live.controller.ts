import { Controller, Get, Header, Inject } from '@nestjs/common';
import { LiveServer } from '../live-server';
import { LIVE_PAGE_HTML } from '../page/live-page.html';
import { livePageScript } from '../page/live-page.script';

/** The live page and the gateway's metrics and health, beside the /live WebSocket endpoint. */
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

  /** The page is the host's front door (`/`), and keeps its own name for hosts that serve something else there. */
  @Get(['', 'live.html'])
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return LIVE_PAGE_HTML;
  }

  @Get('live/page.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  script(): string {
    return livePageScript();
  }
}
