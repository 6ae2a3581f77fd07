import { Controller, Get, Header, Inject } from '@nestjs/common';
import { OpenRoute } from '@shopstream/http';
import { LiveServer } from '../live-server';
import { LIVE_PAGE_HTML } from '../page/live-page.html';
import { livePageScript } from '../page/live-page.script';

/** The live page and the gateway's metrics and health, beside the /live WebSocket endpoint. */
@Controller()
export class LiveController {
  constructor(@Inject(LiveServer) private readonly live: LiveServer) {}

  @Get('live/metrics')
  @OpenRoute('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return this.live.metrics.registry.metrics();
  }

  @Get('live/health')
  @OpenRoute('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * The page is the host's front door (`/`), and keeps its own name for hosts that serve something else there. It is
   * open like the API docs: it holds no data, and a browser can't send a key with a page load (the page takes its
   * key from the URL's fragment and sends it on the WebSocket upgrade).
   */
  @Get(['', 'live.html'])
  @OpenRoute('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return LIVE_PAGE_HTML;
  }

  @Get('live/page.js')
  @OpenRoute('docs')
  @Header('content-type', 'text/javascript; charset=utf-8')
  script(): string {
    return livePageScript();
  }
}
